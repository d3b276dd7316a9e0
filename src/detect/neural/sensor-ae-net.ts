import { DetectError } from '../errors.js';
import { activate, restoreLayers, saveLayers, type DenseLayer, type SavedDenseLayer } from './dense-net.js';

/**
 * The masked sensor autoencoder, evaluated in plain JavaScript. Input: a
 * window of `steps` steps × `width` sensors with one sensor masked (its
 * values 0) and a one-hot indicator of which, repeated at every step.
 *
 *   e_t = act(encoder([x_t, m]))            per step, weights shared over time
 *   c   = bottleneck(e_0 … e_{steps−1})     the whole window squeezed to `code` numbers
 *   d_t = act(expand(c))_t                  temporal context, back to per step
 *   y_t = decoder([e_t, d_t])               per step, weights shared over time
 *
 * Sharing the per-step layers over time (a 1×1 convolution) lets a
 * relation between sensors be learned once for all steps: a plain dense
 * autoencoder over the flattened window had to learn it per step and, on
 * 300 training windows, memorised them instead (held-out imputation error
 * 30x higher on a synthetic plant). The skip path e_t → decoder carries the
 * same-step relation; the bottleneck carries the window's dynamics.
 */
export interface SensorAeNet {
  steps: number;
  width: number;
  encoder: DenseLayer;
  bottleneck: DenseLayer;
  expand: DenseLayer;
  decoder: DenseLayer;
}

/**
 * Per step, the encoder's pre-activation for the unmasked window (no
 * indicator): masking sensor j later only subtracts its inputs and adds its
 * indicator's weights, so width masked passes share this work.
 */
export function encoderPreactivations(net: SensorAeNet, window: Float64Array): Float64Array[] {
  const { steps, width, encoder } = net;
  const h = encoder.outSize;
  return Array.from({ length: steps }, (_, t) => {
    const a = Float64Array.from(encoder.b);
    for (let i = 0; i < width; i++) {
      const v = window[t * width + i]!;
      if (v === 0) continue;
      for (let o = 0; o < h; o++) a[o]! += v * encoder.w[i * h + o]!;
    }
    return a;
  });
}

/**
 * Sensor j rebuilt from the others over the newest `count` steps (oldest
 * first), given `pre` = encoderPreactivations of the same window.
 * Requires 0 <= j < width, 1 <= count <= steps.
 */
export function maskedReconstruction(net: SensorAeNet, window: Float64Array, pre: readonly Float64Array[], j: number, count: number): Float64Array {
  const { steps, width, encoder, bottleneck, expand, decoder } = net;
  const h = encoder.outSize;
  const e = new Float64Array(steps * h);
  for (let t = 0; t < steps; t++) {
    const v = window[t * width + j]!;
    const p = pre[t]!;
    for (let o = 0; o < h; o++) e[t * h + o] = activate(encoder.activation, p[o]! - v * encoder.w[j * h + o]! + encoder.w[(width + j) * h + o]!);
  }
  const c = dense(bottleneck, e);
  const d = dense(expand, c);
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const t = steps - count + k;
    let s = decoder.b[j]!;
    for (let o = 0; o < h; o++) s += e[t * h + o]! * decoder.w[o * width + j]! + d[t * h + o]! * decoder.w[(h + o) * width + j]!;
    out[k] = activate(decoder.activation, s);
  }
  return out;
}

function dense(l: DenseLayer, x: Float64Array): Float64Array {
  const a = Float64Array.from(l.b);
  for (let i = 0; i < l.inSize; i++) {
    const v = x[i]!;
    if (v === 0) continue;
    const base = i * l.outSize;
    for (let o = 0; o < l.outSize; o++) a[o]! += v * l.w[base + o]!;
  }
  for (let o = 0; o < a.length; o++) a[o] = activate(l.activation, a[o]!);
  return a;
}

export interface SavedSensorAeNet {
  steps: number;
  width: number;
  layers: SavedDenseLayer[];
}

export function saveSensorAeNet(net: SensorAeNet): SavedSensorAeNet {
  return { steps: net.steps, width: net.width, layers: saveLayers([net.encoder, net.bottleneck, net.expand, net.decoder]) };
}

/** Parses a saved network defensively: every layer's shape must follow from steps, width and the encoder's size. */
export function restoreSensorAeNet(saved: unknown, steps: number, width: number): SensorAeNet {
  const s = saved as Partial<SavedSensorAeNet> | null;
  if (!s || typeof s !== 'object') throw new DetectError('bad-input', 'saved network: not an object');
  if (s.steps !== steps || s.width !== width) throw new DetectError('bad-input', `saved network: built for ${s.steps} steps × ${s.width} sensors, the detector has ${steps} × ${width}`);
  const layers = restoreLayers(s.layers);
  if (layers.length !== 4) throw new DetectError('bad-input', `saved network: ${layers.length} layers, expected 4`);
  const [encoder, bottleneck, expand, decoder] = layers as [DenseLayer, DenseLayer, DenseLayer, DenseLayer];
  const h = encoder.outSize;
  const want: [DenseLayer, number, number, string][] = [
    [encoder, 2 * width, h, 'encoder'],
    [bottleneck, steps * h, bottleneck.outSize, 'bottleneck'],
    [expand, bottleneck.outSize, steps * h, 'expand'],
    [decoder, 2 * h, width, 'decoder'],
  ];
  for (const [l, inSize, outSize, name] of want) {
    if (l.inSize !== inSize || l.outSize !== outSize) throw new DetectError('bad-input', `saved network: ${name} is ${l.inSize}→${l.outSize}, expected ${inSize}→${outSize}`);
  }
  return { steps, width, encoder, bottleneck, expand, decoder };
}
