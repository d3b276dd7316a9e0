import { DetectError } from '../errors.js';

/** Activations the inference code implements (the trainer only builds these). */
export type Activation = 'relu' | 'tanh' | 'elu' | 'linear';

/**
 * One fully connected layer: out = act(b + Σ_i x_i · w[i·outSize + o])
 * (TensorFlow's Dense kernel layout, [in, out] row-major), evaluated in
 * plain JavaScript: float64 arithmetic on the float32 weights training
 * produced. Scoring never touches TensorFlow, so a restored detector needs
 * no backend, the batch and streaming paths run the same code, and scores
 * are bit-identical before and after save/restore.
 */
export interface DenseLayer {
  inSize: number;
  outSize: number;
  activation: Activation;
  w: Float64Array;
  b: Float64Array;
}

export function activate(a: Activation, x: number): number {
  switch (a) {
    case 'relu':
      return x > 0 ? x : 0;
    case 'tanh':
      return Math.tanh(x);
    case 'elu':
      return x > 0 ? x : Math.expm1(x);
    default:
      return x;
  }
}

/** Weights as base64 of little-endian float32 (what the network was trained in), JSON-safe. */
export interface SavedDenseLayer {
  inSize: number;
  outSize: number;
  activation: Activation;
  w: string;
  b: string;
}

export function encodeFloat32(xs: ArrayLike<number>): string {
  const f = Float32Array.from(xs as ArrayLike<number>);
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength).toString('base64');
}

/** Decodes base64 float32 and checks the count; saved state is untrusted input. */
export function decodeFloat32(s: unknown, count: number, what: string): Float64Array {
  if (typeof s !== 'string') throw new DetectError('bad-input', `${what}: expected base64 float32 text`);
  const bytes = Buffer.from(s, 'base64');
  if (bytes.length !== count * 4) throw new DetectError('bad-input', `${what}: ${bytes.length} bytes, expected ${count * 4} (${count} float32)`);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const v = bytes.readFloatLE(i * 4);
    if (!Number.isFinite(v)) throw new DetectError('bad-input', `${what}: value ${i} is not finite`);
    out[i] = v;
  }
  return out;
}

export function saveLayers(layers: readonly DenseLayer[]): SavedDenseLayer[] {
  return layers.map((l) => ({ inSize: l.inSize, outSize: l.outSize, activation: l.activation, w: encodeFloat32(l.w), b: encodeFloat32(l.b) }));
}

const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'elu', 'linear'];

/** Parses saved layers defensively: sizes positive, activations known, weight counts matching the sizes. */
export function restoreLayers(saved: unknown): DenseLayer[] {
  if (!Array.isArray(saved) || saved.length === 0) throw new DetectError('bad-input', 'saved network: expected a non-empty array of layers');
  const layers = saved.map((raw: unknown, k): DenseLayer => {
    const l = raw as Partial<SavedDenseLayer> | null;
    const what = `saved network layer ${k}`;
    if (!l || typeof l !== 'object') throw new DetectError('bad-input', `${what}: not an object`);
    const { inSize, outSize, activation } = l;
    if (!(Number.isInteger(inSize) && inSize! > 0 && Number.isInteger(outSize) && outSize! > 0)) throw new DetectError('bad-input', `${what}: bad sizes`);
    if (!ACTIVATIONS.includes(activation!)) throw new DetectError('bad-input', `${what}: unknown activation ${JSON.stringify(activation)}`);
    return { inSize: inSize!, outSize: outSize!, activation: activation!, w: decodeFloat32(l.w, inSize! * outSize!, `${what} weights`), b: decodeFloat32(l.b, outSize!, `${what} biases`) };
  });
  return layers;
}
