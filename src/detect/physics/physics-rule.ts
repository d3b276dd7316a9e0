import type { LoadedModel, Tag } from '../../model/index.js';
import type { StoredEvent } from '../../twin/index.js';
import type { Finding, Rule, RuleContext } from '../rules/rule.js';
import { erraticSensor } from './behaviour.js';
import type { PhysicsCalibration } from './calibration.js';
import { Cusum } from './cusum.js';
import { describeFinding, describeFlat, type Decision, type FindingContext } from './finding.js';
import { indistinguishable, isolate, stepUnsettled, type RelationWindow } from './isolate.js';
import type { Block, Member, Relation } from './relation.js';
import { FLAT_ALERT_RUN, FLAT_RUN } from './signals.js';
import { RelationStream } from './stream.js';
import { PHYSICS_K, priorThreshold } from './thresholds.js';

/** Blocks kept per relation for isolation windows. */
const HISTORY_MS = 2 * 3_600_000;
/** The isolation window never reaches further back than this before the alarm. */
const MAX_WINDOW_MS = 3_600_000;
/** A case closes after this long without an alarm in its relations; the same fault then alerts again. */
const CLOSE_MS = 30 * 60_000;
/** A case may wait this many blocks of the slowest relation that could still settle it. */
const DEFER_BLOCKS = 2;
/** χ² gap below which the best and the runner-up are ambiguous. */
const AMBIGUITY = 2;
/** χ² gap within which members that share all their relations count as equals (about a 2σ likelihood-ratio difference). */
const EQUIVALENT = 4;
/** A fault that ends by stepping back (a bias removed) is the end of a case decided within this long before, not a new one. */
const REVERSAL_MS = 6 * 3_600_000;
/** More invalid blocks in a row than this and a relation's CUSUM restarts (its evidence is stale). */
const MAX_GAP_BLOCKS = 5;

export interface HistoryBlock extends Block {
  /** Standardised residual fed to CUSUM. */
  z: number;
  /** Residual units per unit of z (declared-noise scale × calibrated scale). */
  scale: number;
}

interface Track {
  relation: Relation;
  cusum: Cusum;
  mean: number;
  scale: number;
  history: HistoryBlock[];
  warmed: boolean;
  lastEnd: number;
}

interface Alarm {
  track: Track;
  side: 'high' | 'low';
  statistic: number;
  onset: number;
  block: HistoryBlock;
}

interface Case {
  /** When the first alarm came, ms. */
  opened: number;
  onset: number;
  first: Alarm;
  alarmed: Set<string>;
  lastAlarm: number;
  decided?: Member;
}

/**
 * Physics-residual detection on the live event stream: every relation the
 * model's physics gives (build.ts) predicts one tag from the others; block
 * residuals, standardised by the tags' declared noise and the calibration,
 * feed a two-sided CUSUM per relation. When one crosses its threshold, a
 * case opens and names the member that explains every relation's evidence
 * since the onset (isolate.ts): a sensor (spoofed or failed), an actuator
 * (not doing what it is commanded), or a process unit (a real process
 * change the sensors agree on: a leak, a worn pump). A sensor holding one
 * value, or scattering far beyond its declared noise, is named directly.
 * When the evidence cannot yet separate members that other relations will,
 * the case waits for them (at most two of their blocks). One finding per
 * case; a case absorbs later alarms its member explains and closes after 30
 * quiet minutes. A noisy sensor repeating one reading FLAT_ALERT_RUN times
 * is alerted on by itself.
 */
export class PhysicsRule implements Rule {
  readonly name = 'physics:residual';
  readonly #stream: RelationStream;
  readonly #tracks: Track[];
  readonly #byId: Map<string, Track>;
  readonly #context: Omit<FindingContext, 'latest'>;
  /** Sensors relations read whose flat run is watched. */
  readonly #watched: Set<string>;
  #cases: Case[] = [];
  #decisions: { member: string; estimate: number; time: number }[] = [];
  #flatAlerted = new Set<string>();
  #degraded = new Set<string>();

  constructor(model: LoadedModel, relations: readonly Relation[], calibration?: PhysicsCalibration) {
    const tags = new Map<string, Tag>(model.model.process.tags.map((t) => [t.id, t]));
    this.#stream = new RelationStream(relations, tags);
    const unitTags = new Map<string, string[]>();
    for (const t of model.model.process.tags) if (t.processUnit) unitTags.set(t.processUnit, [...(unitTags.get(t.processUnit) ?? []), t.id]);
    this.#context = {
      tags,
      unitTags,
      unitAsset: new Map(model.model.process.units.map((u) => [u.id, u.asset])),
      unitKind: new Map(model.model.process.units.map((u) => [u.id, u.kind])),
    };
    this.#watched = new Set(relations.flatMap((r) => r.members.flatMap((m) => (m.kind === 'sensor' && m.tag ? [m.tag] : []))));
    this.#tracks = relations.map((relation) => {
      const cal = calibration?.relations[relation.id];
      const h = cal?.h ?? priorThreshold(relation.blockSeconds);
      return { relation, cusum: new Cusum(calibration?.k ?? PHYSICS_K, h), mean: cal?.mean ?? 0, scale: cal?.scale ?? 1, history: [], warmed: false, lastEnd: NaN };
    });
    this.#byId = new Map(this.#tracks.map((t) => [t.relation.id, t]));
  }

  get relations(): readonly Relation[] {
    return this.#stream.relations;
  }

  judge(e: StoredEvent, _ctx: RuleContext): Finding[] {
    // Bad quality (out of range) readings are kept: a reading no water could
    // give is still what the instrument says, and the relations judge it.
    if (e.type !== 'tag.reading' || !e.subject) return [];
    // A gateway repeating a last known value marks it uncertain or bad: that is not a held reading posing as live.
    if (e.data.quality === 'good') this.#degraded.delete(e.subject);
    else this.#degraded.add(e.subject);
    const out: Finding[] = [];
    for (const instant of this.#stream.push(e.subject, e.data.value, Date.parse(e.data.time))) {
      for (const tag of instant.tags) out.push(...this.#flat(tag));
      if (instant.blocks.length === 0) continue;
      const alarms: Alarm[] = [];
      for (const { relation, block } of instant.blocks) {
        const a = this.#take(this.#byId.get(relation.id)!, block);
        if (a) alarms.push(a);
      }
      out.push(...this.#judgeCases(alarms, instant.time));
    }
    return out;
  }

  /** A watched sensor that has just repeated one reading FLAT_ALERT_RUN times. */
  #flat(tag: string): Finding[] {
    if (!this.#watched.has(tag) || this.#degraded.has(tag)) return [];
    const run = this.#stream.signals.flatRun(tag);
    if (run < FLAT_RUN) this.#flatAlerted.delete(tag);
    if (run !== FLAT_ALERT_RUN || this.#flatAlerted.has(tag)) return [];
    this.#flatAlerted.add(tag);
    return [describeFlat(tag, run, this.#stream.signals.latest(tag)!, this.#context.tags)];
  }

  /** Standardises a block, keeps it, runs CUSUM; the first block after start-up only warms up. */
  #take(track: Track, block: Block): Alarm | undefined {
    if (!track.warmed) {
      track.warmed = true;
      track.lastEnd = block.end;
      return undefined;
    }
    const ms = track.relation.blockSeconds * 1000;
    if (block.end - track.lastEnd > MAX_GAP_BLOCKS * ms) track.cusum.reset();
    track.lastEnd = block.end;
    const scale = block.noise * track.scale;
    const z = block.noise > 0 ? (block.residual / block.noise - track.mean) / track.scale : 0;
    const h: HistoryBlock = { ...block, z, scale };
    track.history.push(h);
    while (track.history.length > 0 && track.history[0]!.end < block.end - HISTORY_MS) track.history.shift();
    const a = track.cusum.update(z, block.start);
    return a && { track, ...a, block: h };
  }

  #judgeCases(alarms: Alarm[], now: number): Finding[] {
    this.#cases = this.#cases.filter((c) => now - c.lastAlarm <= CLOSE_MS);
    for (const a of alarms) {
      const id = a.track.relation.id;
      const explained = this.#cases.find((c) => c.decided && a.track.relation.members.some((m) => m.id === c.decided!.id));
      const join = explained ?? this.#cases.find((c) => !c.decided);
      if (join) {
        join.alarmed.add(id);
        join.lastAlarm = now;
        if (!join.decided) join.onset = Math.min(join.onset, a.onset);
        continue;
      }
      this.#cases.push({ opened: now, onset: a.onset, first: a, alarmed: new Set([id]), lastAlarm: now });
    }
    const out: Finding[] = [];
    for (const c of this.#cases) {
      if (c.decided) continue;
      const f = this.#decide(c, now);
      if (f) out.push(f);
    }
    return out;
  }

  #decide(c: Case, now: number): Finding | undefined {
    const from = Math.max(c.onset, now - MAX_WINDOW_MS);
    const inWindow = (t: Track) => t.history.filter((b) => b.end > from && b.end <= now);
    const windows: RelationWindow[] = this.#tracks.map((t) => ({
      id: t.relation.id,
      members: t.relation.members,
      alarmed: c.alarmed.has(t.relation.id),
      blocks: inWindow(t).map((b) => ({ start: b.start, end: b.end, z: b.z, scale: b.scale, effects: b.effects })),
    }));
    const iso = isolate(windows);
    const frozen = this.#frozen(c);
    const erratic = frozen
      ? undefined
      : erraticSensor(this.#tracks.map((t) => {
          const bs = inWindow(t);
          return { relation: t.relation, scatter: bs.length > 0 ? bs.reduce((s, b) => s + b.scatter, 0) / bs.length : undefined };
        }), c.alarmed);
    let decision: Decision;
    if (frozen) decision = { kind: 'frozen-sensor', member: frozen, alternatives: [] };
    else if (erratic) decision = { kind: 'erratic-sensor', member: erratic, alternatives: [] };
    else {
      const best = iso.ranked[0];
      if (!best) return undefined;
      // Members no relation can separate from the best (they sit in exactly
      // the same relations) and that fit nearly as well are its equals.
      const equals = iso.ranked.filter((h) => h !== best && h.chi2 - best.chi2 < EQUIVALENT && this.#together(h.member.id, best.member.id));
      const group = [best, ...new Set([...indistinguishable(best, iso.ranked), ...equals])];
      const primary = group.find((h) => h.member.kind === 'unit') ?? best;
      const rest = iso.ranked.filter((h) => !group.includes(h));
      const close = rest[0] !== undefined && rest[0].chi2 - best.chi2 < AMBIGUITY ? [rest[0]] : [];
      // Ties other relations could still break (their members sit in
      // different relations) are worth waiting for; a tie no relation can
      // break (a leak against an outflow meter) is not.
      const undecided = [...group, ...close].map((h) => h.member.id);
      const waiting = close.length > 0 || this.#separable(undecided) || stepUnsettled(best, iso.ranked);
      if (waiting && now < c.opened + this.#patience(undecided)) return undefined;
      decision = {
        kind: primary.member.kind === 'unit' ? 'process-change' : primary.member.kind,
        member: primary.member,
        hypothesis: primary,
        alternatives: group.filter((h) => h !== primary),
        runnerUp: rest[0],
      };
    }
    c.decided = decision.member;
    if (this.#reverses(decision, now)) return undefined;
    if (decision.kind === 'frozen-sensor' && this.#flatAlerted.has(decision.member.tag!)) return undefined;
    return describeFinding(
      {
        decision,
        isolation: iso,
        first: { relation: c.first.track.relation, side: c.first.side, statistic: c.first.statistic, h: c.first.track.cusum.h, k: c.first.track.cusum.k, block: c.first.block },
        alarmed: [...c.alarmed],
        tracks: this.#tracks.map((t) => ({ relation: t.relation, last: t.history[t.history.length - 1] })),
        window: { from, to: now },
      },
      { ...this.#context, latest: (tag) => this.#stream.signals.latest(tag) },
    );
  }

  /** True when `a` and `b` are members of exactly the same relations. */
  #together(a: string, b: string): boolean {
    return this.#tracks.every((t) => t.relation.members.some((x) => x.id === a) === t.relation.members.some((x) => x.id === b));
  }

  /** True when some relation contains some but not all of `members`: its blocks can still tell them apart. */
  #separable(members: readonly string[]): boolean {
    if (members.length < 2) return false;
    return this.#tracks.some((t) => {
      const n = members.filter((m) => t.relation.members.some((x) => x.id === m)).length;
      return n > 0 && n < members.length;
    });
  }

  /** How long after its first alarm a case may wait for the relations of `members`: DEFER_BLOCKS of the slowest, ms. */
  #patience(members: readonly string[]): number {
    let s = 0;
    for (const t of this.#tracks) if (t.relation.members.some((x) => members.includes(x.id))) s = Math.max(s, t.relation.blockSeconds);
    return DEFER_BLOCKS * s * 1000;
  }

  /**
   * True when the decision undoes a recent one: the same member stepping
   * back by about the size it stepped (a spoofed bias switched off). The
   * first alert covered the whole episode.
   */
  #reverses(d: Decision, now: number): boolean {
    this.#decisions = this.#decisions.filter((x) => now - x.time <= REVERSAL_MS);
    const b = d.hypothesis?.estimate;
    if (b === undefined || d.hypothesis?.model !== 'offset') return false;
    const earlier = this.#decisions.find((x) => x.member === d.member.id && Math.sign(x.estimate) === -Math.sign(b) && Math.abs(x.estimate + b) <= 0.5 * Math.abs(x.estimate));
    if (earlier) {
      this.#decisions.splice(this.#decisions.indexOf(earlier), 1);
      return true;
    }
    this.#decisions.push({ member: d.member.id, estimate: b, time: now });
    return false;
  }

  /** A noisy sensor of an alarmed relation that is holding one value. */
  #frozen(c: Case): Member | undefined {
    for (const id of c.alarmed) {
      const r = this.#byId.get(id)!.relation;
      const m = r.members.find((x) => x.kind === 'sensor' && x.tag && this.#stream.signals.flat(x.tag));
      if (m) return m;
    }
    return undefined;
  }
}
