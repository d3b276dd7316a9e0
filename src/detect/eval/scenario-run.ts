import type { LoadedModel } from '../../model/index.js';
import { PlantSimulator, type Scenario } from '../../process/index.js';
import { Twin, type NewEvent, type StoredEvent } from '../../twin/index.js';
import type { TechniqueTable } from '../attack-techniques.js';
import { detectionEngine } from '../detection.js';
import type { GroupModel } from '../group-rule.js';

export interface InjectionOutcome {
  id: string;
  kind: string;
  class: 'attack' | 'fault';
  start: number;
  end: number;
  targets: string[];
  detected: boolean;
  /** Seconds from the injection's start to the first alert attributed to it. */
  timeToDetect: number | null;
  /** An attributed alert named a target tag (or, for a unit/asset target, one of its tags or assets). */
  namedTarget: boolean;
}

export interface ScenarioOutcome {
  scenario: string;
  injections: InjectionOutcome[];
  alerts: number;
  /** Alerts per detector, and how many of them were false alarms. */
  byDetector: Record<string, { alerts: number; false: number }>;
  falseAlarms: number;
  /** Simulated hours with no injection active (plus its grace period). */
  normalHours: number;
  falseAlarmsPerHour: number;
  /** Every alert raised, in order. */
  alertEvents: StoredEvent[];
}

/** Alerts up to this long after an injection ends still count as its detection (effects outlast causes). */
const GRACE_S = 120;

/**
 * Runs a scenario on the simulated plant with the twin and the default
 * detectors in one process, as a node would see it: every sample becomes a
 * reading, every network write a command observation from its host, stale
 * checks run each simulated second. Alerts during an injection (or its grace
 * period) whose tags or assets touch its targets detect it; alerts outside
 * every injection window are false alarms. Deterministic for a seed.
 */
export function runScenario(model: LoadedModel, scenario: Scenario, techniques: TechniqueTable, options: { seed?: number; groups?: readonly GroupModel[] } = {}): ScenarioOutcome {
  const sim = new PlantSimulator(model.model, { seed: options.seed ?? scenario.seed ?? 1, scenario });
  const twin = new Twin(model);
  const engine = detectionEngine(model, twin.tags, techniques, options.groups);
  const alerts: StoredEvent[] = [];
  const commit = (events: NewEvent[]): StoredEvent[] =>
    events.map((e) => {
      const s = { ...e, seq: twin.seq + 1 } as StoredEvent;
      twin.apply(s);
      return s;
    });
  const process = (events: NewEvent[]) => {
    const produced = commit(engine.judge(commit(events)));
    alerts.push(...produced.filter((e) => e.type === 'alert.raised'));
  };
  const t0 = sim.time;
  const endMs = t0 + scenario.duration * 1000;
  let nextStale = t0 + 1000;
  while (sim.time < endMs) {
    const r = sim.step();
    const now = new Date(r.time);
    const decided: NewEvent[] = [];
    for (const s of r.samples) decided.push(...twin.decideReading({ tag: s.tag, value: s.value, time: new Date(s.time), source: 'sim' }, now, decided));
    for (const w of r.writes) {
      if (w.origin.protocol === 'internal') continue;
      const tag = twin.tags.get(w.tag);
      decided.push(...twin.decideObservation({ kind: 'command', protocol: w.origin.protocol, operation: 'write', from: w.origin.host, to: tag?.asset, tag: w.tag, value: w.value, source: 'sim' }, now));
    }
    if (decided.length > 0) process(decided);
    if (r.time >= nextStale) {
      process(twin.decideStale(now));
      nextStale += 1000;
    }
  }
  return score(model, scenario, alerts, t0);
}

function score(model: LoadedModel, scenario: Scenario, alerts: StoredEvent[], t0: number): ScenarioOutcome {
  const unitTags = (unit: string) => model.model.process.tags.filter((t) => t.processUnit === unit).map((t) => t.id);
  const windows = scenario.injections.map((inj) => {
    const targets = [inj.tag, inj.unit, inj.asset].filter((x): x is string => typeof x === 'string');
    const tagTargets = new Set(targets.flatMap((t) => (model.model.process.tags.some((x) => x.id === t) ? [t] : unitTags(t))));
    const assetTargets = new Set(targets.filter((t) => model.model.assets.some((a) => a.id === t)));
    for (const a of [...assetTargets]) for (const t of model.model.process.tags) if (t.asset === a) tagTargets.add(t.id);
    for (const id of tagTargets) {
      const tag = model.model.process.tags.find((x) => x.id === id);
      if (tag) assetTargets.add(tag.asset);
    }
    const end = inj.end ?? scenario.duration;
    return { inj, targets, tagTargets, assetTargets, from: t0 + inj.start * 1000, to: t0 + (end + GRACE_S) * 1000, end };
  });
  const outcomes = new Map(windows.map((w) => [w.inj.id, { first: null as number | null, named: false }]));
  let falseAlarms = 0;
  const byDetector: Record<string, { alerts: number; false: number }> = {};
  for (const a of alerts) {
    if (a.type !== 'alert.raised') continue;
    const t = Date.parse(a.time);
    const inside = windows.filter((w) => t >= w.from && t <= w.to);
    for (const d of a.data.detectors) (byDetector[d] ??= { alerts: 0, false: 0 }).alerts++;
    if (inside.length === 0) {
      falseAlarms++;
      for (const d of a.data.detectors) byDetector[d]!.false++;
      continue;
    }
    for (const w of inside) {
      const touches = a.data.tags.some((x) => w.tagTargets.has(x)) || a.data.assets.some((x) => w.assetTargets.has(x));
      if (!touches) continue;
      const o = outcomes.get(w.inj.id)!;
      if (o.first === null) o.first = t;
      if (a.data.tags.some((x) => w.tagTargets.has(x))) o.named = true;
    }
  }
  const busyMs = mergedLength(windows.map((w) => [w.from, Math.min(w.to, t0 + scenario.duration * 1000)] as [number, number]));
  const normalHours = Math.max(0, scenario.duration * 1000 - busyMs) / 3_600_000;
  return {
    scenario: scenario.name,
    injections: windows.map((w) => {
      const o = outcomes.get(w.inj.id)!;
      return {
        id: w.inj.id, kind: w.inj.kind, class: w.inj.class, start: w.inj.start, end: w.end, targets: w.targets,
        detected: o.first !== null, timeToDetect: o.first === null ? null : (o.first - w.from) / 1000, namedTarget: o.named,
      };
    }),
    alerts: alerts.length,
    byDetector,
    falseAlarms,
    normalHours,
    falseAlarmsPerHour: normalHours > 0 ? falseAlarms / normalHours : 0,
    alertEvents: alerts,
  };
}

function mergedLength(spans: [number, number][]): number {
  const sorted = spans.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let cur: [number, number] | undefined;
  for (const s of sorted) {
    if (!cur || s[0] > cur[1]) {
      if (cur) total += cur[1] - cur[0];
      cur = [...s];
    } else cur[1] = Math.max(cur[1], s[1]);
  }
  return total + (cur ? cur[1] - cur[0] : 0);
}
