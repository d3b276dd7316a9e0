import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { checkModel, formatProblem, type LoadedModel, type ModelFiles } from '../model/index.js';
import type { Output } from './output.js';

/** Model files from the local file system. */
export const nodeModelFiles: ModelFiles = {
  read: (p) => fs.readFile(p, 'utf8'),
  async kind(p) {
    try {
      const s = await fs.stat(p);
      return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : undefined;
    } catch {
      return undefined;
    }
  },
  list: (d) => fs.readdir(d),
  resolve: (from, rel) => (path.isAbsolute(rel) ? rel : path.join(path.dirname(from), rel)),
  join: (d, n) => path.join(d, n),
  identity: (p) => fs.realpath(p),
};

/**
 * The model a command runs on, or undefined once its problems (one per line,
 * positioned) and "not a valid model" are on stderr: the command then exits
 * EXIT.invalid (1), as `twinward validate` does.
 */
export async function loadModelOrReport(io: Output, model: string): Promise<LoadedModel | undefined> {
  const { loaded, problems } = await checkModel(model, nodeModelFiles);
  if (loaded) return loaded;
  for (const p of problems) io.err(formatProblem(p));
  io.err(`${model}: not a valid model (run twinward validate)`);
  return undefined;
}
