import { resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { checkModel, formatProblem, type LoadedModel } from '../../model/index.js';
import { openStore } from '../../store/index.js';
import { DetectorRepository, findGroup, rowsFromStore, rowsFromTable, trainGroup, TrainingError, type TrainingRows } from '../../training/index.js';
import { groupTags } from '../../model/index.js';
import { nodeModelFiles } from '../model-files.js';
import { inputErrors } from '../guard.js';
import { EXIT, ExitError, type Output } from '../output.js';
import { parseSeparator } from '../separator.js';
import { readTable } from '../table.js';

export interface TrainOptions {
  model: string;
  /** A CSV of normal operation, or "store" for the node's own event log. */
  data: string;
  group?: string[];
  dataDir: string;
  store?: string;
  since?: string;
  until?: string;
  label?: string;
  time?: string;
  sep?: string;
  activate?: boolean;
}

/**
 * `twinward train --model m --data <normal.csv|store> [--group g]...`: fits
 * each detection group of the model on normal data and saves it as a new
 * version in `<data-dir>/detectors/`. The first version of a group becomes
 * active; later ones only with --activate (or `twinward detectors activate`),
 * so retraining never replaces a model a node is running without being told.
 */
export async function trainCommand(opts: TrainOptions, io: Output): Promise<number> {
  const model = await loadModel(opts.model, io);
  const groups = opts.group?.length ? opts.group.map((g) => guard(() => findGroup(model, g))) : model.model.detection.groups;
  if (groups.length === 0) throw new ExitError(EXIT.invalid, `${opts.model}: the model defines no detection groups (detection.groups); nothing to train`);
  const repo = new DetectorRepository(resolve(opts.dataDir));
  const fromStore = opts.data === 'store';
  const store = fromStore ? await openStore(opts.store, resolve(opts.dataDir), { readOnly: true }).catch((err) => { throw new ExitError(EXIT.invalid, `--data store: ${(err as Error).message}`); }) : undefined;
  try {
    for (const group of groups) {
      const tags = groupTags(group, model.model.process.tags);
      let data: TrainingRows;
      if (store) {
        data = await rowsFromStore(model, group, store, { since: opts.since, until: opts.until });
      } else {
        const t = await readTable(opts.data, { file: opts.data, format: 'generic', columns: tags, label: opts.label ?? 'label', labelOptional: true, time: opts.time, separator: parseSeparator(opts.sep, '--sep') });
        data = rowsFromTable(model, group, t, opts.data);
      }
      const bar = io.tty ? new SingleBar({ format: `train ${group.id} [{bar}] {value}/{total} detectors {member}`, stream: process.stderr, fps: 5 }) : undefined;
      bar?.start(group.detectors.length, 0, { member: '' });
      let bundle;
      try {
        bundle = await guard(() => trainGroup(model, group, data, (member, done) => bar?.update(done, { member })));
      } finally {
        bar?.stop();
      }
      const saved = repo.save(bundle, { activate: opts.activate });
      const v = saved.bundle.version;
      io.out(`${group.id}: trained ${group.detectors.join(' + ')} on ${data.rows.length} rows (${tags.length} tags, every ${group.period} s, ${data.skipped} left out) from ${data.source}`);
      for (const m of saved.bundle.members) io.out(`  ${m.name.padEnd(12)} ${Object.entries(m.fit).map(([k, x]) => `${k} ${typeof x === 'number' ? Number(x.toPrecision(4)) : x}`).join(', ')}`);
      if (saved.activated) io.out(`  saved as v${v}, active${saved.previous !== undefined ? ` (replaces v${saved.previous})` : ''}; a running node loads it at its next start`);
      else io.out(`  saved as v${v}; v${saved.previous} stays active (run: twinward detectors activate ${group.id} ${v} --data-dir ${opts.dataDir})`);
    }
  } finally {
    await store?.close();
  }
  return EXIT.ok;
}

export async function detectorsListCommand(opts: { dataDir: string; json?: boolean }, io: Output): Promise<number> {
  const list = guard(() => new DetectorRepository(resolve(opts.dataDir)).list());
  if (opts.json) {
    io.out(JSON.stringify(list));
    return EXIT.ok;
  }
  if (list.length === 0) {
    io.out(`no trained detectors in ${resolve(opts.dataDir)}; train with: twinward train --model <model> --data <normal.csv|store>`);
    return EXIT.ok;
  }
  io.out(`${'group'.padEnd(18)} ${'version'.padEnd(8)} ${'active'.padEnd(7)} ${'trained at'.padEnd(25)} ${'rows'.padStart(7)}  detectors / source`);
  for (const b of list) io.out(`${b.group.padEnd(18)} ${`v${b.version}`.padEnd(8)} ${(b.active ? 'yes' : '').padEnd(7)} ${b.trainedAt.padEnd(25)} ${String(b.rows).padStart(7)}  ${b.members.join('+')} / ${b.source}`);
  return EXIT.ok;
}

export async function detectorsActivateCommand(group: string, version: string, opts: { dataDir: string }, io: Output): Promise<number> {
  const v = Number(/^v?(\d+)$/.exec(version)?.[1]);
  if (!Number.isInteger(v) || v < 1) throw new ExitError(EXIT.usage, `version: expected a number like 3 or v3, got "${version}"`);
  guard(() => new DetectorRepository(resolve(opts.dataDir)).activate(group, v));
  io.out(`${group}: v${v} is active; a running node loads it at its next start`);
  return EXIT.ok;
}

async function loadModel(path: string, io: Output): Promise<LoadedModel> {
  const { loaded, problems } = await checkModel(path, nodeModelFiles);
  if (!loaded) {
    for (const p of problems) io.err(formatProblem(p));
    throw new ExitError(EXIT.invalid, `${path}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; fix the model first`);
  }
  return loaded;
}

/** Refusals of the training code are input problems (exit 1); anything else is a bug. */
const guard = inputErrors(TrainingError);
