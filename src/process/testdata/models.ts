import { checkModel, memoryModelFiles, type TwinModel } from '../../model/index.js';

/** Everything a model needs besides its process section: one domain, a PLC (10.0.1.10) and an HMI (10.0.2.10). */
const HEADER = `
twinward: 1
name: Process test plant
node: { domain: utility }
domains:
  - { id: utility, name: Water utility, kind: utility }
zones:
  - { id: control, name: Control, domain: utility, kind: control, purdueLevel: 1, securityLevel: { target: 2 } }
assets:
  - { id: plc-1, name: PLC, kind: plc, domain: utility, zone: control, addresses: [{ ip: 10.0.1.10 }] }
  - { id: hmi-1, name: HMI, kind: hmi, domain: utility, zone: control, addresses: [{ ip: 10.0.2.10, hostname: hmi01 }] }
`;

/**
 * A valid model around `process` (YAML indented two spaces under "process:"),
 * with `assets` (YAML list items, indented two spaces) after the PLC and the
 * HMI. Throws with the problems if it is not valid.
 */
export async function plantModel(process: string, assets = ''): Promise<TwinModel> {
  const text = `${HEADER}${assets}process:\n${process}`;
  const { loaded, problems } = await checkModel('plant.yaml', memoryModelFiles({ 'plant.yaml': text }));
  if (!loaded) throw new Error(`test model invalid:\n${problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`).join('\n')}`);
  return loaded.model;
}

/**
 * reservoir → fill pump → tank → drain pump → sink, with run commands on
 * both pumps and a level sensor. No noise unless a test adds it.
 */
export function tankLoop(o: { area?: number; height?: number; level?: number; fill?: number; drain?: number; fillRun?: number; drainRun?: number; extra?: string } = {}): string {
  return `
  units:
    - { id: source, name: Source, kind: reservoir, level: 0 }
    - { id: fill, name: Fill pump, kind: pump, maxFlow: ${o.fill ?? 36}, inlets: [source], asset: plc-1 }
    - { id: tank, name: Tank, kind: tank, area: ${o.area ?? 10}, height: ${o.height ?? 5}, initialLevel: ${o.level ?? 2}, inlets: [fill], asset: plc-1 }
    - { id: drain, name: Drain pump, kind: pump, maxFlow: ${o.drain ?? 18}, inlets: [tank], asset: plc-1 }
    - { id: sink, name: Sink, kind: reservoir, inlets: [drain] }
  tags:
    - { id: level, kind: sensor, processUnit: tank, quantity: level, unit: m, range: { min: 0, max: 10 }, asset: plc-1, limits: { low: 1, high: 4, highHigh: 4.5 } }
    - { id: fill-run, kind: actuator, processUnit: fill, quantity: run-command, unit: bool, range: { min: 0, max: 1 }, nominal: ${o.fillRun ?? 1}, asset: plc-1, writableBy: [hmi-1] }
    - { id: drain-run, kind: actuator, processUnit: drain, quantity: run-command, unit: bool, range: { min: 0, max: 1 }, nominal: ${o.drainRun ?? 1}, asset: plc-1 }
    - { id: fill-flow, kind: sensor, processUnit: fill, quantity: flow, unit: m3/h, range: { min: 0, max: 100 }, asset: plc-1 }
${o.extra ?? ''}`;
}
