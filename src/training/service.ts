import type { Logger } from '../common/logger.js';
import type { AlertEngine } from '../detect/alert-engine.js';
import { GroupRule, type GroupModel } from '../detect/group-rule.js';
import { groupTags, type LoadedModel } from '../model/index.js';
import type { EventStore } from '../store/index.js';
import type { Bundle } from './bundle.js';
import { DetectorRepository, TrainingError, type BundleSummary } from './repository.js';
import { rowsFromStore } from './sources.js';
import { findGroup, groupModel, trainGroup } from './train.js';

export interface GroupStatus {
  id: string;
  description: string | null;
  tags: string[];
  period: number;
  detectors: string[];
  vote: number;
  /** The version the node runs now, with each member's fitted thresholds; null when none is loaded. */
  running: { version: number; trainedAt: string; rows: number; source: string; members: { name: string; fit: Record<string, number | string> }[] } | null;
  /** Why nothing runs (not trained, the model changed...). */
  problem: string | null;
  versions: BundleSummary[];
}

/**
 * The learned detection of a running node: which trained version of each
 * group runs, training a new version from the node's own event log, and
 * activating a version, which takes over from the next reading. Nothing
 * here replaces a running version unless `activate` is asked for.
 */
export class DetectionService {
  readonly #model: LoadedModel;
  readonly #repo: DetectorRepository;
  readonly #store: EventStore;
  readonly #engine: AlertEngine;
  readonly #logger: Logger;
  readonly #running = new Map<string, GroupModel>();
  /** What status() shows of each running version, read once when it started to run. */
  readonly #runningInfo = new Map<string, NonNullable<GroupStatus['running']>>();
  readonly #problems = new Map<string, string>();
  readonly #training = new Set<string>();

  constructor(o: { model: LoadedModel; dataDir: string; store: EventStore; engine: AlertEngine; logger: Logger; groups: readonly GroupModel[]; problems: ReadonlyMap<string, string> }) {
    this.#model = o.model;
    this.#repo = new DetectorRepository(o.dataDir);
    this.#store = o.store;
    this.#engine = o.engine;
    this.#logger = o.logger;
    for (const g of o.groups) {
      this.#running.set(g.group, g);
      const b = safe(() => this.#repo.load(g.group, g.version), undefined);
      if (b) this.#runningInfo.set(g.group, info(b));
    }
    for (const [g, p] of o.problems) this.#problems.set(g, p);
  }

  status(): GroupStatus[] {
    const versions = safe(() => this.#repo.list(), []);
    return this.#model.model.detection.groups.map((g) => {
      const run = this.#running.get(g.id);
      const saved = versions.filter((v) => v.group === g.id);
      return {
        id: g.id,
        description: g.description ?? null,
        tags: groupTags(g, this.#model.model.process.tags),
        period: g.period,
        detectors: [...g.detectors],
        vote: g.vote ?? Math.floor(g.detectors.length / 2) + 1,
        running: (run && this.#runningInfo.get(g.id)) ?? null,
        problem: run ? null : (this.#problems.get(g.id) ?? 'not trained yet'),
        versions: saved,
      };
    });
  }

  /** Trains a new version of `group` from the node's readings in [since, until); activates it only when asked (or when the group has none). */
  async train(group: string, o: { since?: string; until?: string; activate?: boolean } = {}): Promise<{ version: number; activated: boolean; rows: number }> {
    const g = findGroup(this.#model, group);
    if (this.#training.has(group)) throw new TrainingError('bad-option', `detection group "${group}" is already being trained`);
    this.#training.add(group);
    try {
      const data = await rowsFromStore(this.#model, g, this.#store, { since: o.since, until: o.until });
      const bundle = await trainGroup(this.#model, g, data);
      const saved = this.#repo.save(bundle, { activate: o.activate });
      if (saved.activated) await this.#run(group, saved.bundle.version);
      this.#logger.info({ group, version: saved.bundle.version, activated: saved.activated, rows: data.rows.length }, 'detection group trained');
      return { version: saved.bundle.version, activated: saved.activated, rows: data.rows.length };
    } finally {
      this.#training.delete(group);
    }
  }

  /** Makes a saved version the running one, now and at the next start. */
  async activate(group: string, version: number): Promise<void> {
    findGroup(this.#model, group);
    await this.#run(group, version); // refuses a bundle that does not fit before pointing at it
    this.#repo.activate(group, version);
  }

  async #run(group: string, version: number): Promise<void> {
    const bundle = this.#repo.load(group, version);
    const gm = await groupModel(this.#model, bundle);
    this.#engine.replaceRule(new GroupRule(gm));
    this.#running.set(group, gm);
    this.#runningInfo.set(group, info(bundle));
    this.#problems.delete(group);
    this.#logger.info({ group, version }, 'detection group running');
  }
}

function info(b: Bundle): NonNullable<GroupStatus['running']> {
  return { version: b.version, trainedAt: b.trainedAt, rows: b.data.rows, source: b.data.source, members: b.members.map((m) => ({ name: m.name, fit: m.fit })) };
}

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}
