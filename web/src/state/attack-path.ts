import type { AttackPath } from '../api/types';

/** What one asset on a chosen attack path shows: the numbers of the steps that act on it (or from it) and their techniques. */
export interface PathMark {
  steps: number[];
  techniques: string[];
  /** Where the attacker starts on the topology (the first asset the path names). */
  entry: boolean;
}

/** An asset-to-asset hop of the path, with the techniques that make it. */
export interface PathHop {
  from: string;
  to: string;
  steps: number[];
  techniques: string[];
}

/** A chosen attack path as the topology draws it. */
export interface AttackPathOverlay {
  assets: Map<string, PathMark>;
  hops: PathHop[];
}

const addOnce = <T>(list: T[], x: T) => {
  if (!list.includes(x)) list.push(x);
};

/**
 * Where a path runs on the topology. A step is badged on the asset it acts
 * on, or, when it acts on something the topology does not draw (a process
 * unit, a service, an account), on the asset it is taken from. A step from
 * one asset to another is a hop; consecutive assets the path takes are
 * joined too, so the chain reads end to end even where a step was taken
 * from a network position (`zone:<id>`) or an entry point. Step numbers
 * start at 1, as the panel lists them.
 */
export function attackPathOverlay(path: AttackPath, isAsset: (id: string) => boolean): AttackPathOverlay {
  const assets = new Map<string, PathMark>();
  const mark = (id: string) => {
    let m = assets.get(id);
    if (!m) assets.set(id, (m = { steps: [], techniques: [], entry: assets.size === 0 }));
    return m;
  };
  const hops = new Map<string, PathHop>();
  const hop = (from: string, to: string) => {
    const key = `${from}->${to}`;
    let h = hops.get(key);
    if (!h) hops.set(key, (h = { from, to, steps: [], techniques: [] }));
    return h;
  };
  path.steps.forEach((s, i) => {
    const n = i + 1;
    const from = s.from && isAsset(s.from) ? s.from : undefined;
    const to = isAsset(s.to) ? s.to : undefined;
    if (from) mark(from);
    const on = to ?? from;
    if (on) {
      const m = mark(on);
      addOnce(m.steps, n);
      if (s.technique) addOnce(m.techniques, s.technique);
    }
    if (from && to && from !== to) {
      const h = hop(from, to);
      addOnce(h.steps, n);
      if (s.technique) addOnce(h.techniques, s.technique);
    }
  });
  const chain = path.assets.filter(isAsset);
  for (const id of chain) mark(id);
  for (let i = 1; i < chain.length; i++) {
    const [a, b] = [chain[i - 1]!, chain[i]!];
    if (!hops.has(`${a}->${b}`)) hop(a, b);
  }
  return { assets, hops: [...hops.values()] };
}

/** A path's chain of assets as the console words it: "entry › asset › asset" ("?" for an unknown entry). */
export function pathChain(path: Pick<AttackPath, 'entry' | 'assets'>): string {
  return [path.entry || '?', ...path.assets].join(' › ');
}
