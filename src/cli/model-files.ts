import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ModelFiles } from '../model/index.js';

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
