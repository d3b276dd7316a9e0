import type { LossModel } from './loss-model.js';

const pct = (p: number) => `${Math.round(p * 100)}%`;

/** The largest contributors to a domain's expected loss (at most `n`), worded for a risk officer. */
export function topRisks(
  services: readonly { service: string; probability: number; throughDependency: number; expectedLoss: number }[],
  assets: readonly { asset: string; probability: number; expectedLoss: number }[],
  n = 3,
): string[] {
  const items = [
    ...services.map((s) => ({
      loss: s.expectedLoss,
      text: `service ${s.service}: ${pct(s.probability)} outage${s.throughDependency > 0 ? `, ${pct(s.throughDependency)} of it through dependencies` : ''}`,
    })),
    ...assets.map((a) => ({ loss: a.expectedLoss, text: `asset ${a.asset}: ${pct(a.probability)} compromise` })),
  ];
  return items
    .filter((x) => x.loss > 0)
    .sort((a, b) => b.loss - a.loss || a.text.localeCompare(b.text))
    .slice(0, n)
    .map((x) => `${x.text} (loss ${x.loss.toFixed(1)})`);
}

/** One paragraph saying how a report's numbers are computed, with the figures it used. */
export function describeMethod(o: { horizonHours: number; runs: number; seed: number; entries: readonly string[]; loss: LossModel }): string {
  const w = o.loss.outage;
  const data = Object.entries(o.loss.data)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return (
    `${o.runs} seeded Monte Carlo runs (seed ${o.seed}) of an attacker over the model's attack graph, starting from ${o.entries.length} entry point${o.entries.length === 1 ? '' : 's'} ` +
    `(${o.entries.slice(0, 4).join(', ')}${o.entries.length > 4 ? ', ...' : ''}); each step works with its probability after an exponential time, branches run in parallel, and nothing is detected. ` +
    `An asset counts as compromised when the attacker runs code on it within ${o.horizonHours} hours. ` +
    `A service counts as down when one of its hosts is taken with admin rights or crashed within the horizon, or when a service it requires is down, transitively and across owners; ` +
    `the share of its outage runs in which its own hosts stood is reported as "through dependency". ` +
    `Expected loss = probability × weight, in loss units: an outage weighs by the service's criticality (low ${w.low}, medium ${w.medium}, high ${w.high}, critical ${w.critical}), ` +
    `no matter how long it lasts; a compromised asset weighs its criticality's weight × (${o.loss.foothold} + the data classes it holds: ${data}). ` +
    `A service's loss counts in its owner's domain, whoever's asset caused it. ` +
    `Posture = 100 × (1 − expected loss / the domain's maximum loss, every service down and every asset taken).`
  );
}
