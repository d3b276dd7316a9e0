/**
 * What the loader needs from a file system. The model folder stays pure: the
 * CLI passes a Node implementation, tests and the API can pass in-memory ones.
 */
export interface ModelFiles {
  /** Throws when the file cannot be read. */
  read(path: string): Promise<string>;
  /** 'file', 'dir' or undefined when nothing is there. */
  kind(path: string): Promise<'file' | 'dir' | undefined>;
  /** Entries (names) of a directory. */
  list(dir: string): Promise<string[]>;
  /** Joins and normalizes like path.join; resolves `rel` against the directory of `from`. */
  resolve(from: string, rel: string): string;
  join(dir: string, name: string): string;
  /** A key identifying the same file reached by two paths (realpath). */
  identity(path: string): Promise<string>;
}

export const MODEL_EXTENSIONS = ['.yaml', '.yml', '.json'];

export function isModelFileName(name: string): boolean {
  return MODEL_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext)) && !name.startsWith('.');
}

/** An in-memory file set, keyed by POSIX path; for tests and for models sent over the API. */
export function memoryModelFiles(files: Record<string, string>): ModelFiles {
  const norm = (p: string) => {
    const out: string[] = [];
    for (const part of p.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') out.pop();
      else out.push(part);
    }
    return (p.startsWith('/') ? '/' : '') + out.join('/');
  };
  const table = new Map(Object.entries(files).map(([k, v]) => [norm(k), v]));
  const isDir = (p: string) => [...table.keys()].some((k) => k.startsWith(norm(p) + '/'));
  return {
    async read(p) {
      const text = table.get(norm(p));
      if (text === undefined) throw new Error(`ENOENT: no such file ${p}`);
      return text;
    },
    async kind(p) {
      return table.has(norm(p)) ? 'file' : isDir(p) ? 'dir' : undefined;
    },
    async list(dir) {
      const prefix = norm(dir) + '/';
      const names = new Set<string>();
      for (const k of table.keys()) if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split('/')[0]!);
      return [...names];
    },
    resolve(from, rel) {
      if (rel.startsWith('/')) return norm(rel);
      const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '.';
      return norm(`${dir}/${rel}`);
    },
    join: (dir, name) => norm(`${dir}/${name}`),
    identity: async (p) => norm(p),
  };
}
