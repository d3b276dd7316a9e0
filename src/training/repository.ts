import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { TwinwardError } from '../common/errors.js';
import { Bundle, bundleDigest, seal, type UnsignedBundle } from './bundle.js';

export type TrainingErrorCode = 'bad-data' | 'too-few-rows' | 'not-found' | 'corrupt' | 'bad-option';
export class TrainingError extends TwinwardError<TrainingErrorCode> {}

export interface BundleSummary {
  group: string;
  version: number;
  active: boolean;
  trainedAt: string;
  rows: number;
  source: string;
  members: string[];
  file: string;
}

/**
 * Versioned detector bundles in `<dataDir>/detectors/`: `<group>/v0001.json`,
 * `v0002.json`... never overwritten, and `active.json` naming the version each
 * group runs. Saving a new version activates it only when the group has none
 * yet (or when asked): retraining never silently replaces a model in use.
 * Writes go to a temporary file renamed into place, so a crash leaves either
 * the old or the new file, never half of one.
 */
export class DetectorRepository {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'detectors');
  }

  /** Saves as the next version of its group; returns the sealed bundle and whether it became active. */
  save(b: Omit<UnsignedBundle, 'version'>, options: { activate?: boolean } = {}): { bundle: Bundle; activated: boolean; previous: number | undefined } {
    const groupDir = join(this.dir, b.group);
    mkdirSync(groupDir, { recursive: true });
    const version = Math.max(0, ...this.#versions(b.group)) + 1;
    const bundle = seal({ ...b, version });
    atomicWrite(join(groupDir, fileName(version)), `${JSON.stringify(bundle)}\n`);
    const active = this.active();
    const previous = active[b.group];
    const activated = options.activate === true || previous === undefined;
    if (activated) this.#setActive({ ...active, [b.group]: version });
    return { bundle, activated, previous };
  }

  /** Makes `version` the one its group runs (the node picks it up at its next start). */
  activate(group: string, version: number): void {
    this.load(group, version); // refuses a missing or damaged file before pointing at it
    this.#setActive({ ...this.active(), [group]: version });
  }

  /** group -> active version. */
  active(): Record<string, number> {
    let text: string;
    try {
      text = readFileSync(join(this.dir, 'active.json'), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new TrainingError('corrupt', `${join(this.dir, 'active.json')}: not JSON (${(err as Error).message})`);
    }
    if (!parsed || typeof parsed !== 'object' || Object.values(parsed).some((v) => !Number.isInteger(v))) {
      throw new TrainingError('corrupt', `${join(this.dir, 'active.json')}: expected {"<group>": <version>, ...}`);
    }
    return parsed as Record<string, number>;
  }

  /** Reads and verifies one bundle. */
  load(group: string, version: number): Bundle {
    const file = join(this.dir, group, fileName(version));
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        const known = this.#versions(group);
        throw new TrainingError('not-found', `no version ${version} of detection group "${group}"${known.length ? ` (saved: ${known.map((v) => `v${v}`).join(', ')})` : ' (none saved)'}`);
      }
      throw err;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new TrainingError('corrupt', `${file}: not JSON (${(err as Error).message})`);
    }
    const parsed = Bundle.safeParse(raw);
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      throw new TrainingError('corrupt', `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    }
    const { sha256, ...rest } = parsed.data;
    if (bundleDigest(rest) !== sha256) throw new TrainingError('corrupt', `${file}: content does not match its sha256 (edited or damaged); retrain or restore the file`);
    if (parsed.data.group !== group || parsed.data.version !== version) throw new TrainingError('corrupt', `${file}: holds ${parsed.data.group} v${parsed.data.version}`);
    return parsed.data;
  }

  list(): BundleSummary[] {
    let groups: string[];
    try {
      groups = readdirSync(this.dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const active = this.active();
    return groups.flatMap((g) =>
      this.#versions(g).map((v) => {
        const file = join(this.dir, g, fileName(v));
        try {
          const b = this.load(g, v);
          return { group: g, version: v, active: active[g] === v, trainedAt: b.trainedAt, rows: b.data.rows, source: b.data.source, members: b.members.map((m) => m.name), file };
        } catch (err) {
          return { group: g, version: v, active: active[g] === v, trainedAt: '', rows: 0, source: `unreadable: ${(err as Error).message}`, members: [], file };
        }
      }),
    );
  }

  #versions(group: string): number[] {
    try {
      return readdirSync(join(this.dir, group))
        .flatMap((n) => (/^v(\d{4,})\.json$/.exec(n) ? [Number(/^v(\d+)/.exec(n)![1])] : []))
        .sort((a, b) => a - b);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  #setActive(active: Record<string, number>): void {
    mkdirSync(this.dir, { recursive: true });
    atomicWrite(join(this.dir, 'active.json'), `${JSON.stringify(active, null, 2)}\n`);
  }
}

function fileName(version: number): string {
  return `v${String(version).padStart(4, '0')}.json`;
}

function atomicWrite(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
