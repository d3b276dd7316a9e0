import { Random } from '../../common/random.js';
import type { Tag } from '../../model/index.js';
import type { AlarmRecord } from '../control/alarms.js';
import { ControllerRuntime, type ControlIO } from '../control/controller-runtime.js';
import { ProcessError } from '../errors.js';
import { DrugNetwork } from '../physics/drug-network.js';
import type { WaterBalance } from '../physics/water-network.js';
import { WaterNetwork } from '../physics/water-network.js';
import type { PlantIO, Sample, WriteOrigin, WriteResult } from '../plant-io.js';
import { disturb, InjectionSet, type Label, type LiveInjection } from './injections.js';
import { Instruments } from './instruments.js';
import { sourceQualities } from './sources.js';
import { bindTags, type TagBindings } from './tag-bindings.js';
import { writersOf, type PlantModel, type SimulatorOptions, type StepResult, type WriteRecord } from './types.js';

export type { PlantModel, SimulatorOptions, StepResult, WriteRecord } from './types.js';

export const DEFAULT_START = Date.UTC(2025, 0, 1);
/** Time constant, s, of qualities and drug levels while settling. */
const SETTLE_LAG = 10;

/**
 * The plant simulator: physics of the process units, the controllers'
 * logic, sensors with noise, and scenario injections with ground-truth
 * labels. Time is simulated: nothing moves until `step` or `advance`.
 * Deterministic: the same model, options and sequence of calls (writes
 * included) give the same samples, bit for bit.
 *
 * A step at time t: injections switch on/off at t; tags due sample (each
 * at its own samplePeriod); controllers due scan, reading the reported
 * values — after spoofing, as a real PLC would; then the physics advance
 * to t + dt with the actuator commands (or a sabotaged value).
 */
export class PlantSimulator implements PlantIO {
  readonly tags: readonly Tag[];
  /** Tags and units the simulator cannot fully simulate; it runs anyway. */
  readonly warnings: string[];
  readonly water: WaterNetwork;
  readonly drug: DrugNetwork;
  /** Step, s. */
  readonly dt: number;
  /** ms since the epoch at which the run starts. */
  readonly start: number;
  #dtMs: number;
  #now: number;
  #rng: Random;
  #index: Map<string, number>;
  #bind: TagBindings;
  #ins: Instruments;
  #controllers: ControllerRuntime[];
  #injections: InjectionSet;
  #writers: Set<string>[];
  #sendWrite: SimulatorOptions['sendWrite'];
  #plcRng: Random;
  #readCache: Float64Array;
  #readAt: Float64Array;
  #settling = false;
  #writes: WriteRecord[] = [];
  #listeners = { samples: new Set<(s: readonly Sample[]) => void>(), alarms: new Set<(a: AlarmRecord) => void>(), steps: new Set<(r: StepResult) => void>(), writes: new Set<(w: WriteRecord) => void>() };
  readonly counts = { steps: 0, samples: 0, dropped: 0, alarms: 0, writes: 0 };

  constructor(model: PlantModel, options: SimulatorOptions = {}) {
    const dt = options.dt ?? 0.1;
    const dtMs = Math.round(dt * 1000);
    if (!(dt > 0) || dtMs < 1 || Math.abs(dtMs - dt * 1000) > 1e-6 || dtMs > 60_000) {
      throw new ProcessError('invalid-option', `dt must be a whole number of milliseconds between 0.001 and 60 s; got ${dt}`);
    }
    const settle = options.settle ?? 300;
    if (!(settle >= 0) || !Number.isFinite(settle)) throw new ProcessError('invalid-option', `settle must be 0 or more seconds; got ${settle}`);
    const start = options.start === undefined ? DEFAULT_START : new Date(options.start).getTime();
    if (!Number.isFinite(start)) throw new ProcessError('invalid-option', `start is not a valid time: ${String(options.start)}`);
    this.dt = dt;
    this.#dtMs = dtMs;
    this.start = start;
    const seed = options.seed ?? 1;
    this.#rng = new Random(seed);
    this.#plcRng = new Random((seed ^ 0x5bd1e995) >>> 0);
    this.#sendWrite = options.sendWrite;

    const { units, tags, controllers } = model.process;
    this.tags = tags;
    this.#index = new Map(tags.map((t, i) => [t.id, i]));
    this.water = new WaterNetwork(units, sourceQualities(units, tags));
    this.drug = new DrugNetwork(units);
    this.#bind = bindTags(tags, units, this.water, this.drug);
    this.warnings = [...this.#bind.warnings, ...this.drug.warnings];
    for (const u of units) {
      if (u.kind === 'reservoir' && (u.demand ?? 0) > 0 && u.inlets.length === 0) this.warnings.push(`reservoir "${u.id}" has a demand but no inlets to draw it from; the demand is ignored`);
    }
    this.#ins = new Instruments(tags, this.#bind.readers);
    this.#readCache = new Float64Array(tags.length);
    this.#readAt = new Float64Array(tags.length).fill(NaN);
    this.#writers = tags.map((t) => writersOf(t, model.assets ?? []));
    this.#injections = new InjectionSet(options.scenario?.injections ?? [], start, tags, seed);
    for (const live of this.#injections.all) this.#checkTarget(live);
    this.#now = start - Math.round(settle * 1000);
    this.#applyInputs();
    this.water.placeValves();
    this.water.settleQuality(dt);
    this.water.resetBalance(dt);
    this.drug.settle();
    this.#ins.refresh();
    this.#settling = true;
    this.#controllers = controllers.map((c) => new ControllerRuntime(c, this.#now, this.#controlIO(c.asset)));
    for (const c of this.#controllers) c.initialize();
    if (settle > 0) this.#settle();
    this.#settling = false;
    this.#ins.startSampling(start);
  }

  /** Simulated time now, ms since the epoch. */
  get time(): number {
    return this.#now;
  }

  /** Simulated seconds since the start. */
  get elapsed(): number {
    return (this.#now - this.start) / 1000;
  }

  /** Ground truth now. */
  get label(): Label {
    return this.#injections.label;
  }

  get injections(): readonly LiveInjection[] {
    return this.#injections.all;
  }

  value(tag: string): number | undefined {
    const i = this.#index.get(tag);
    if (i === undefined) return undefined;
    return this.#ins.writable[i] ? this.#ins.registers[i] : this.#ins.delivered[i];
  }

  /** The physical value behind a tag now, without noise or spoofing (a command register for actuators and setpoints). */
  truth(tag: string): number | undefined {
    const i = this.#index.get(tag);
    if (i === undefined) return undefined;
    const ins = this.#ins;
    return ins.writable[i] ? ins.registers[i] : ins.trueValue(i);
  }

  /** What the instrument reports now (after noise and spoofing), whether or not the network delivered it. */
  reported(tag: string): number | undefined {
    const i = this.#index.get(tag);
    if (i === undefined) return undefined;
    return this.#ins.writable[i] ? this.#ins.registers[i] : this.#ins.reported[i];
  }

  balance(): WaterBalance {
    return this.water.balance(this.dt);
  }

  write(tag: string, value: number, origin: WriteOrigin): WriteResult {
    const i = this.#index.get(tag);
    if (i === undefined) return { ok: false, reason: 'unknown-tag' };
    const t = this.tags[i]!;
    if (!this.#ins.writable[i]) return { ok: false, reason: 'read-only' };
    if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, reason: 'not-a-number' };
    if (value < t.range.min || value > t.range.max) return { ok: false, reason: 'out-of-range' };
    this.#record(i, value, origin);
    return { ok: true };
  }

  onSamples(listener: (samples: readonly Sample[]) => void): () => void {
    return on(this.#listeners.samples, listener);
  }

  onAlarm(listener: (alarm: AlarmRecord) => void): () => void {
    return on(this.#listeners.alarms, listener);
  }

  onStep(listener: (result: StepResult) => void): () => void {
    return on(this.#listeners.steps, listener);
  }

  onWrite(listener: (write: WriteRecord) => void): () => void {
    return on(this.#listeners.writes, listener);
  }

  /** Runs steps until `ms` of simulated time have passed; returns how many. */
  advance(ms: number): number {
    const end = this.#now + ms;
    let n = 0;
    while (this.#now < end) {
      this.step();
      n++;
    }
    return n;
  }

  step(): StepResult {
    const now = this.#now;
    this.#writes = [];
    this.#startStop(now);
    const label = this.#injections.label;
    const { samples, dropped, alarms } = this.#ins.sample(now, this.#rng, this.#injections.byTag);
    for (const c of this.#controllers) {
      if (c.next > now) continue;
      alarms.push(...c.scan(now));
      c.next = c.next + c.periodMs <= now ? now + c.periodMs : c.next + c.periodMs;
    }
    this.#physics(now);
    this.#now = now + this.#dtMs;

    const result: StepResult = { time: now, samples, dropped, alarms, writes: this.#writes, label };
    const k = this.counts;
    k.steps++;
    k.samples += samples.length;
    k.dropped += dropped.length;
    k.alarms += alarms.length;
    if (samples.length > 0) for (const l of this.#listeners.samples) l(samples);
    for (const a of alarms) for (const l of this.#listeners.alarms) l(a);
    for (const l of this.#listeners.steps) l(result);
    return result;
  }

  #startStop(now: number): void {
    const { started, ended } = this.#injections.update(now);
    for (const live of started) {
      const t = live.tags[0];
      switch (live.inj.kind) {
        case 'sensor-freeze':
          live.held = this.#ins.reported[t!]!;
          break;
        case 'setpoint-change':
          live.held = this.#ins.registers[t!]!;
          this.#ins.registers[t!] = live.inj.params.value;
          break;
        case 'unauthorized-write':
          live.nextWrite = now;
          break;
      }
    }
    for (const live of ended) {
      if (live.inj.kind === 'setpoint-change' && live.held !== undefined) this.#ins.registers[live.tags[0]!] = live.held;
    }
    for (const live of this.#injections.all) {
      if (!live.active || live.inj.kind !== 'unauthorized-write' || live.nextWrite === undefined || live.nextWrite > now) continue;
      const p = live.inj.params;
      const origin: WriteOrigin = { protocol: p.protocol, host: p.host };
      if (this.#sendWrite) this.#sendWrite({ tag: live.inj.tag!, value: p.value, origin, injection: live.inj.id });
      else this.#record(live.tags[0]!, p.value, origin, live.inj.id);
      live.nextWrite = p.every === undefined ? Infinity : live.nextWrite + Math.round(p.every * 1000);
    }
  }

  /**
   * The logic of the controller on `asset` reads its own instruments every
   * scan, like PLC inputs (after spoofing, which is how a manipulated sensor
   * fools a PLC); a tag of another asset reaches it over the network, so it
   * sees the last delivered sample (message loss starves it). Reads are
   * consistent within a step.
   */
  #controlIO(asset: string): ControlIO {
    return {
      read: (id) => {
        const i = this.#index.get(id);
        if (i === undefined) return NaN;
        if (this.#ins.writable[i]) return this.#ins.registers[i]!;
        if (this.#settling) return this.#ins.reported[i]!;
        if (this.tags[i]!.asset !== asset) return this.#ins.delivered[i]!;
        if (this.#readAt[i] !== this.#now) {
          this.#readCache[i] = this.#ins.reading(i, this.#now, this.#plcRng, this.#injections.byTag[i]!);
          this.#readAt[i] = this.#now;
        }
        return this.#readCache[i]!;
      },
      write: (id, v) => {
        const i = this.#index.get(id);
        if (i !== undefined) this.#ins.registers[i] = v;
      },
    };
  }

  #physics(now: number): void {
    this.#applyInputs();
    const w = this.water;
    disturb(w, this.#injections.all, now);
    w.step(this.dt, (now + this.#dtMs - this.start) / 3_600_000);
    this.drug.step(this.dt);
  }

  /** Feeds actuator registers (or a sabotaged value) to the unit inputs. */
  #applyInputs(): void {
    const appliers = this.#bind.appliers;
    for (let i = 0; i < appliers.length; i++) {
      const list = appliers[i]!;
      if (list.length === 0) continue;
      let v = this.#ins.registers[i]!;
      for (const live of this.#injections.byTag[i]!) if (live.active && live.inj.kind === 'actuator-sabotage') v = live.inj.params.value;
      for (const a of list) a(v);
    }
  }

  /**
   * Runs controllers and flows from `start − settle` to `start`. Qualities
   * and drug levels follow the steady state of the current commands with a
   * 10 s lag instead of their own time constants (hours for a clear well),
   * so the loops on them find their operating point in minutes. Levels are
   * then put back.
   */
  #settle(): void {
    const w = this.water;
    const volumes = w.volume.slice();
    const clogging = w.clogging.slice();
    const relax = 1 - Math.exp(-this.dt / SETTLE_LAG);
    while (this.#now < this.start) {
      for (const c of this.#controllers) {
        if (c.next > this.#now) continue;
        c.scan(this.#now);
        c.next += c.periodMs;
      }
      this.#applyInputs();
      w.step(this.dt, (this.#now - this.start) / 3_600_000);
      w.settleQuality(this.dt, relax);
      this.drug.settle(relax);
      this.#now += this.#dtMs;
      this.#ins.refresh();
    }
    this.#now = this.start;
    w.volume.set(volumes);
    w.clogging.set(clogging);
    w.resetBalance(this.dt);
    this.#applyInputs();
    w.settleQuality(this.dt);
    this.drug.settle();
    this.#ins.refresh();
    for (const c of this.#controllers) {
      c.initialize();
      c.resetAlarms();
      c.next = this.start;
    }
  }

  #record(i: number, value: number, origin: WriteOrigin, injection?: string): void {
    this.#ins.registers[i] = value;
    if (!this.#ins.writable[i]) return;
    const rec: WriteRecord = { time: this.#now, tag: this.tags[i]!.id, value, origin, authorized: this.#writers[i]!.has(origin.host), ...(injection ? { injection } : {}) };
    this.#writes.push(rec);
    this.counts.writes++;
    for (const l of this.#listeners.writes) l(rec);
  }

  #checkTarget(live: LiveInjection): void {
    const inj = live.inj;
    const missing =
      (inj.tag !== undefined && !this.#index.has(inj.tag)) ||
      (inj.unit !== undefined && !this.water.topo.index.has(inj.unit)) ||
      (inj.asset !== undefined && live.tags.length === 0);
    if (missing) throw new ProcessError('invalid-scenario', `injection "${inj.id}" targets "${live.target}", which this model does not have (or, for an asset, has no tags)`);
  }
}

function on<T>(set: Set<T>, listener: T): () => void {
  set.add(listener);
  return () => void set.delete(listener);
}
