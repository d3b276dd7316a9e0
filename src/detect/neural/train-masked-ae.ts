import * as tfl from '@tensorflow/tfjs-layers';
import { Random } from '../../common/random.js';
import type { Activation, DenseLayer } from './dense-net.js';
import type { SensorAeNet } from './sensor-ae-net.js';
import { readyTf, tf, type TfBackend, type TfReady } from './tf-backend.js';

/**
 * A window of `steps` steps × `width` standardised sensors, flattened
 * time-major (index t·width + j, oldest step first).
 */
export interface WindowSet {
  steps: number;
  width: number;
  windows: readonly Float64Array[];
}

export interface MaskedAeTraining {
  /** Units of the per-step encoder (and of the per-step context the bottleneck expands back to). */
  hidden: number;
  /** Units of the bottleneck over the whole window. */
  code: number;
  activation: Activation;
  /** Most passes over the training windows. */
  epochs: number;
  /** Stop after this many epochs without a better validation loss; the best epoch's weights are kept. */
  patience: number;
  batchSize: number;
  learningRate: number;
  /** Share of training windows, drawn afresh each epoch, that have one sensor masked (the rest are plain reconstructions). */
  maskRate: number;
  seed: number;
  backend: TfBackend;
}

export interface TrainedAe {
  net: SensorAeNet;
  epochs: number;
  bestEpoch: number;
  trainLoss: number;
  validationLoss: number;
  backend: TfReady;
}

/**
 * Network input for one window, per step [x_t with sensor `masked` set to 0
 * (its training mean after standardisation), one-hot indicator of `masked`]
 * (all-zero indicator when nothing is masked), flattened step-major. The
 * indicator tells the network that a 0 is "unknown", not "at the mean".
 */
export function maskedInput(window: Float64Array, steps: number, width: number, masked: number | undefined, out?: Float32Array, offset = 0): Float32Array {
  const x = out ?? new Float32Array(steps * 2 * width);
  for (let t = 0; t < steps; t++) {
    const base = offset + t * 2 * width;
    for (let j = 0; j < width; j++) {
      x[base + j] = j === masked ? 0 : window[t * width + j]!;
      x[base + width + j] = j === masked ? 1 : 0;
    }
  }
  return x;
}

/**
 * Which outputs the loss counts: with a sensor masked, only that sensor's
 * (masked autoencoders score only the hidden part, He et al. 2022: the
 * visible sensors are in the input, copying them teaches nothing); with
 * none masked, every output.
 */
function lossWeights(steps: number, width: number, masked: number | undefined, out: Float32Array, offset: number): void {
  for (let t = 0; t < steps; t++) for (let j = 0; j < width; j++) out[offset + t * width + j] = masked === undefined || masked === j ? 1 : 0;
}

/**
 * Trains the masked sensor autoencoder (layout in sensor-ae-net.ts): each
 * training window, with probability maskRate, has one sensor, drawn at
 * random afresh each epoch, hidden; the network learns to rebuild it over
 * the whole window from the other sensors. Mini-batch Adam on the weighted
 * squared error. Batch order and masks come from our seeded generator and
 * every initializer is seeded, so a seed replays the same weights (the wasm
 * and cpu backends run single-threaded). Early stopping on `val`, where
 * window i masks sensor i mod width (deterministic, and the same quantity
 * the detector scores). Requires non-empty sets with width >= 2.
 */
export async function trainMaskedAutoencoder(train: WindowSet, val: WindowSet, o: MaskedAeTraining): Promise<TrainedAe> {
  const backend = await readyTf(o.backend);
  const { steps, width } = train;
  const h = o.hidden;
  const { model, dense } = buildSensorAe(steps, width, o);
  const optimizer = tf.train.adam(o.learningRate);
  const rng = new Random(o.seed);
  const inDim = steps * 2 * width;
  const outDim = steps * width;

  const nVal = val.windows.length;
  const valX = new Float32Array(nVal * inDim);
  const valY = new Float32Array(nVal * outDim);
  const valW = new Float32Array(nVal * outDim);
  val.windows.forEach((w, i) => {
    maskedInput(w, steps, width, i % width, valX, i * inDim);
    valY.set(w, i * outDim);
    lossWeights(steps, width, i % width, valW, i * outDim);
  });
  const valXt = tf.tensor3d(valX, [nVal, steps, 2 * width]);
  const valYt = tf.tensor3d(valY, [nVal, steps, width]);
  const valWt = tf.tensor3d(valW, [nVal, steps, width]);

  const n = train.windows.length;
  let best = Number.POSITIVE_INFINITY;
  let bestEpoch = 0;
  let bestWeights = snapshot(dense);
  let trainLoss = Number.NaN;
  let epoch = 0;
  try {
    for (epoch = 1; epoch <= o.epochs; epoch++) {
      const order = shuffled(n, rng);
      let sum = 0;
      for (let start = 0; start < n; start += o.batchSize) {
        const idx = order.slice(start, start + o.batchSize);
        const xb = new Float32Array(idx.length * inDim);
        const yb = new Float32Array(idx.length * outDim);
        const wb = new Float32Array(idx.length * outDim);
        idx.forEach((s, r) => {
          const w = train.windows[s]!;
          const masked = rng.next() < o.maskRate ? Math.floor(rng.next() * width) : undefined;
          maskedInput(w, steps, width, masked, xb, r * inDim);
          yb.set(w, r * outDim);
          lossWeights(steps, width, masked, wb, r * outDim);
        });
        sum +=
          tf.tidy(() => {
            const x = tf.tensor3d(xb, [idx.length, steps, 2 * width]);
            const y = tf.tensor3d(yb, [idx.length, steps, width]);
            const wt = tf.tensor3d(wb, [idx.length, steps, width]);
            const loss = optimizer.minimize(() => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor, wt) as tf.Scalar, true)!;
            return loss.dataSync()[0]!;
          }) * idx.length;
      }
      trainLoss = sum / n;
      const v = tf.tidy(() => tf.losses.meanSquaredError(valYt, model.predict(valXt) as tf.Tensor, valWt).dataSync()[0]!);
      if (v < best) {
        best = v;
        bestEpoch = epoch;
        bestWeights = snapshot(dense);
      } else if (epoch - bestEpoch >= o.patience) break;
    }
  } finally {
    tf.dispose([valXt, valYt, valWt]);
    model.dispose();
    optimizer.dispose();
  }
  const sizes: [number, number, Activation][] = [
    [2 * width, h, o.activation],
    [steps * h, o.code, 'linear'],
    [o.code, steps * h, o.activation],
    [2 * h, width, 'linear'],
  ];
  const [enc, bott, exp, dec] = sizes.map(([inSize, outSize, activation], k): DenseLayer => ({ inSize, outSize, activation, w: bestWeights[k]![0]!, b: bestWeights[k]![1]! }));
  return {
    net: { steps, width, encoder: enc!, bottleneck: bott!, expand: exp!, decoder: dec! },
    epochs: Math.min(epoch, o.epochs),
    bestEpoch,
    trainLoss,
    validationLoss: best,
    backend,
  };
}

/**
 * The TensorFlow.js graph of the masked sensor autoencoder (sensor-ae-net.ts
 * evaluates the same graph in JavaScript). Dense layers on [batch, steps,
 * features] act on the last axis, i.e. per step with shared weights (a 1×1
 * convolution without the convolution kernels wasm lacks gradients for).
 * `dense` lists encoder, bottleneck, expand, decoder. Requires readyTf().
 */
export function buildSensorAe(steps: number, width: number, o: Pick<MaskedAeTraining, 'hidden' | 'code' | 'activation' | 'seed'>): { model: tfl.LayersModel; dense: tfl.layers.Layer[] } {
  const h = o.hidden;
  const seeded = (k: number) => tfl.initializers.glorotUniform({ seed: o.seed * 16 + k });
  const layer = (k: number, units: number, activation: Activation) => tfl.layers.dense({ units, activation, kernelInitializer: seeded(k), biasInitializer: 'zeros' });
  const encoder = layer(0, h, o.activation);
  const bottleneck = layer(1, o.code, 'linear');
  const expand = layer(2, steps * h, o.activation);
  const decoder = layer(3, width, 'linear');
  const input = tfl.input({ shape: [steps, 2 * width] });
  const e = encoder.apply(input) as tfl.SymbolicTensor;
  const context = tfl.layers.reshape({ targetShape: [steps, h] }).apply(expand.apply(bottleneck.apply(tfl.layers.flatten().apply(e)))) as tfl.SymbolicTensor;
  const output = decoder.apply(tfl.layers.concatenate({ axis: -1 }).apply([e, context])) as tfl.SymbolicTensor;
  return { model: tfl.model({ inputs: input, outputs: output }), dense: [encoder, bottleneck, expand, decoder] };
}

/** Copies each dense layer's kernel and bias out of the backend (float32 values held as float64). */
function snapshot(layers: readonly tfl.layers.Layer[]): Float64Array[][] {
  return layers.map((l) => l.getWeights().map((t) => Float64Array.from(t.dataSync() as Float32Array)));
}

/** Fisher–Yates with our seeded generator (tf's own shuffle is not seedable from here). */
function shuffled(n: number, rng: Random): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
