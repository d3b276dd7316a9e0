/**
 * The physical quantities the simulator computes, and the words models use
 * for them in a tag's `quantity`. Matching ignores case, spaces and
 * underscores.
 */
export const QUANTITY_ALIASES = {
  level: ['level', 'height', 'tank-level'],
  volume: ['volume', 'volume-remaining', 'remaining-volume', 'content'],
  flow: ['flow', 'flow-rate', 'flowrate', 'outflow', 'inflow', 'demand', 'throughput'],
  pressure: ['pressure', 'discharge-pressure', 'line-pressure', 'occlusion-pressure', 'network-pressure'],
  head: ['head', 'pump-head'],
  'head-loss': ['head-loss', 'headloss', 'differential-pressure', 'dp'],
  chlorine: ['chlorine', 'free-chlorine', 'chlorine-residual', 'residual', 'total-chlorine'],
  concentration: ['concentration', 'dose', 'chemical-concentration'],
  coagulant: ['coagulant', 'alum', 'coagulant-dose'],
  turbidity: ['turbidity'],
  temperature: ['temperature', 'temp'],
  ph: ['ph'],
  run: ['run', 'run-command', 'running', 'state', 'on', 'start-stop', 'status', 'enabled'],
  speed: ['speed', 'speed-reference', 'speed-command'],
  position: ['position', 'valve-position', 'opening', 'valve-opening'],
  rate: ['rate', 'dosing-rate', 'dose-rate', 'infusion-rate', 'pump-rate'],
  'drug-concentration': ['drug-concentration', 'plasma-concentration'],
  'heart-rate': ['heart-rate', 'hr', 'pulse', 'pulse-rate'],
  map: ['map', 'mean-arterial-pressure', 'blood-pressure', 'mean-pressure', 'abp'],
  spo2: ['spo2', 'oxygen-saturation', 'saturation'],
  'respiratory-rate': ['respiratory-rate', 'rr', 'breathing-rate', 'resp-rate'],
  fault: ['fault', 'trip', 'alarm-status'],
  power: ['power', 'duty', 'heat-duty'],
  velocity: ['velocity'],
  clogging: ['clogging'],
} as const satisfies Record<string, readonly string[]>;

export type Quantity = keyof typeof QUANTITY_ALIASES;

const LOOKUP = new Map<string, Quantity>();
for (const [q, words] of Object.entries(QUANTITY_ALIASES) as [Quantity, readonly string[]][]) {
  for (const w of words) LOOKUP.set(w, q);
}

/** The canonical quantity for a tag's `quantity`, or undefined when the simulator does not know the word. */
export function canonicalQuantity(word: string): Quantity | undefined {
  return LOOKUP.get(word.toLowerCase().trim().replace(/[\s_]+/g, '-'));
}
