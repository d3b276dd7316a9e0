import type { RiskReport } from '../../risk/index.js';
import type { Output } from '../output.js';
import { hours, percent, table } from '../text-table.js';

/** Rows shown per list; --json has them all. */
const TOP = 10;
const BAR = 20;

/** A posture of 0-100 as a bar of BAR cells, filled for what is safe. */
export const postureBar = (p: number) => {
  const full = Math.round((p / 100) * BAR);
  return `${'█'.repeat(full)}${'░'.repeat(BAR - full)}`;
};
const loss = (x: number) => x.toFixed(1);

/** The text report of `twinward risk`: owners, then the services and assets at most risk. */
export function printRisk(io: Output, r: RiskReport, seconds: number): void {
  io.out(`${r.model}: risk per owner within ${r.horizonHours} h, ${r.runs} runs (seed ${r.seed}), assessed in ${seconds.toFixed(2)} s`);
  io.out(`entries: ${r.entries.join(', ')}`);
  io.out('');
  io.out(`Owners (total expected loss ${loss(r.totalExpectedLoss)} loss units)`);
  table(
    io,
    ['domain', 'posture', '', 'expected loss', 'of at most', 'top risk'],
    r.domains.map((d) => [d.domain, postureBar(d.posture), d.posture.toFixed(0), loss(d.expectedLoss), loss(d.maximumLoss), d.topRisks[0] ?? '-']),
    '  ',
  );
  const services = r.services.filter((s) => s.probability > 0);
  io.out('');
  io.out(`Services at most risk (${services.length} of ${r.services.length} can go down)`);
  if (services.length) {
    table(
      io,
      ['service', 'owner', 'criticality', 'outage', 'through dependency', 'p50', 'loss'],
      services.slice(0, TOP).map((s) => [s.service, s.domain, s.criticality, percent(s.probability), s.throughDependency > 0 ? percent(s.throughDependency) : '-', s.p50Hours !== undefined ? hours(s.p50Hours) : '-', loss(s.expectedLoss)]),
      '  ',
    );
    if (services.length > TOP) io.out(`  ... and ${services.length - TOP} more (--json lists every one)`);
  }
  const assets = r.assets.filter((a) => a.probability > 0);
  io.out('');
  io.out(`Assets at most risk (${assets.length} of ${r.assets.length} can be compromised)`);
  if (assets.length) {
    table(
      io,
      ['asset', 'owner', 'kind', 'criticality', 'compromise', 'p50', 'loss'],
      assets.slice(0, TOP).map((a) => [a.asset, a.domain, a.kind, a.criticality, percent(a.probability), a.p50Hours !== undefined ? hours(a.p50Hours) : '-', loss(a.expectedLoss)]),
      '  ',
    );
    if (assets.length > TOP) io.out(`  ... and ${assets.length - TOP} more (--json lists every one)`);
  }
  io.out('');
  io.out(`How: ${r.method}`);
}
