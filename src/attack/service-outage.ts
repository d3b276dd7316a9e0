import type { Service } from '../model/index.js';

export interface ServiceDownTimes {
  /** Per service (in the order given): when one of its own hosts went down, Infinity if none did. */
  own: number[];
  /** Per service: when it went down, its own hosts or a required dependency (transitively), Infinity if it did not. */
  down: number[];
}

/**
 * Outage of services through their dependencies, which may cross owners: a
 * service is down from the earliest time one of its hosts is down, or one
 * of its required dependencies is (optional dependencies degrade, they do
 * not fail it). Dependencies on services absent from the list are ignored.
 *
 * Returns a function to call once per Monte Carlo run with each asset's
 * down time (hours; Infinity when it stayed up); the index of the service
 * graph is built once here. Propagation runs to a fixpoint, so cycles in
 * the dependency graph terminate (times only decrease, and only to values
 * already present).
 */
export function serviceOutages(services: readonly Service[]): (hostDown: (asset: string) => number) => ServiceDownTimes {
  const index = new Map(services.map((x, i) => [x.id, i]));
  const required = services.map((x) => x.dependsOn.filter((d) => d.required).map((d) => index.get(d.service)).filter((j): j is number => j !== undefined));
  return (hostDown) => {
    const own = services.map((x) => Math.min(Infinity, ...x.runsOn.map((h) => hostDown(h))));
    const down = own.slice();
    for (let changed = true; changed; ) {
      changed = false;
      required.forEach((deps, i) => {
        for (const j of deps) {
          if (down[j]! < down[i]!) {
            down[i] = down[j]!;
            changed = true;
          }
        }
      });
    }
    return { own, down };
  };
}
