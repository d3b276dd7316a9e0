import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkModel, memoryModelFiles, type LoadedModel } from '../../../model/index.js';
import { loadScenario, PlantSimulator, type Scenario } from '../../../process/index.js';
import { Twin, type StoredEvent } from '../../../twin/index.js';
import type { Finding } from '../../rules/rule.js';
import type { PhysicsCalibration } from '../calibration.js';
import { physicsRules } from '../index.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
export const waterModelText = (): string => readFileSync(`${root}examples/water-treatment/model.yaml`, 'utf8');

export async function loadModelText(text: string): Promise<LoadedModel> {
  const { loaded, problems } = await checkModel('m.yaml', memoryModelFiles({ 'm.yaml': text }));
  if (!loaded) throw new Error(`test model is invalid: ${problems.map((p) => p.message).join('; ')}`);
  return loaded;
}

export const water = (): Promise<LoadedModel> => loadModelText(waterModelText());

/**
 * The water plant made to cycle its pumps within minutes: a 60 m² storage
 * tank with town demand 250 m³/h and the duty pump on at 5.3 m, off at
 * 5.8 m; a 30 m² raw tank with the assist intake pump on at 3.4 m, off at
 * 3.7 m. Everything else as in the example.
 */
export async function cyclingWater(): Promise<LoadedModel> {
  let text = waterModelText();
  const swap = (from: string, to: string) => {
    if (!text.includes(from)) throw new Error(`example model changed: cannot find ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  };
  swap('      area: 400\n      height: 8', '      area: 60\n      height: 8');
  swap('demand: 380', 'demand: 250');
  swap('          onBelow: 5.0\n          offAbove: 7.0', '          onBelow: 5.3\n          offAbove: 5.8');
  swap('      area: 120\n      height: 6', '      area: 30\n      height: 6');
  swap('          output: intake-pump-2-run\n          onBelow: 2.5\n          offAbove: 4.0', '          output: intake-pump-2-run\n          onBelow: 3.4\n          offAbove: 3.7');
  return loadModelText(text);
}

export function scenarioFile(model: LoadedModel, name: string): Scenario {
  return loadScenario(`${name}.yaml`, readFileSync(`${root}examples/scenarios/${name}.yaml`, 'utf8'), model.model);
}

export function scenarioText(model: LoadedModel, yaml: string): Scenario {
  return loadScenario('test.yaml', yaml, model.model);
}

export const normal = (model: LoadedModel, seconds: number): Scenario => scenarioText(model, `scenario: 1\nname: Normal\nduration: ${seconds}\n`);

/** One injection from `start` s to the end of a run of `duration` s. */
export function injected(model: LoadedModel, duration: number, start: number, injection: string): Scenario {
  return scenarioText(model, `scenario: 1\nname: Test\nduration: ${duration}\ninjections:\n  - id: x\n    start: ${start}\n${injection.split('\n').map((l) => `    ${l}`).join('\n')}\n`);
}

/**
 * The readings a twin records from the simulated plant running `scenario`
 * (every sample becomes a tag.reading event, out-of-range ones included).
 * Also counts run-command changes per tag, to show pumps cycled.
 */
export function simulate(model: LoadedModel, scenario: Scenario, seed: number): { events: StoredEvent[]; switches: Record<string, number> } {
  const sim = new PlantSimulator(model.model, { seed, scenario });
  const twin = new Twin(model);
  const events: StoredEvent[] = [];
  const last = new Map<string, number>();
  const switches: Record<string, number> = {};
  const end = sim.time + scenario.duration * 1000;
  while (sim.time < end) {
    const r = sim.step();
    const now = new Date(r.time);
    for (const s of r.samples) {
      if (s.tag.endsWith('-run')) {
        const was = last.get(s.tag);
        if (was !== undefined && was !== s.value) switches[s.tag] = (switches[s.tag] ?? 0) + 1;
        last.set(s.tag, s.value);
      }
      for (const e of twin.decideReading({ tag: s.tag, value: s.value, time: new Date(s.time), source: 'sim' }, now)) {
        const stored = { ...e, seq: twin.seq + 1 } as StoredEvent;
        twin.apply(stored);
        events.push(stored);
      }
    }
  }
  return { events, switches };
}

export interface Timed extends Finding {
  /** Seconds from the start of the run. */
  at: number;
}

/** Runs the physics rules over recorded events; findings with their time. */
export function judge(model: LoadedModel, events: readonly StoredEvent[], calibration?: PhysicsCalibration): Timed[] {
  const rules = physicsRules(model, calibration);
  const t0 = events.length > 0 ? Date.parse(events[0]!.time) : 0;
  const out: Timed[] = [];
  for (const e of events) for (const r of rules) for (const f of r.judge(e, { tags: new Map() })) out.push({ ...f, at: (Date.parse(e.time) - t0) / 1000 });
  return out;
}
