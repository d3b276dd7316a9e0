import type { ImpactReport, ScenarioResult } from '../api/types';
import { seriesColour } from '../chart/palette';
import { LEVEL_LIMITS, valueDomain } from '../chart/series';
import { CurveChart, type Curve } from './curve-chart';
import { hoursText, percentText } from './format';

/** Goal curves drawn at most; the rest are counted. */
const MAX_CURVES = 8;
/** Impact trend charts drawn per takeover. */
const MAX_TRENDS = 3;

const num = (v: number) => String(Number(v.toPrecision(4)));
const pct = (v: number) => `${Math.round(v * 100)}%`;

/**
 * Each goal's share of runs that reached it by each time (a CDF from 0 at
 * hour 0), the likeliest first, up to `xMax`: 1.5 times the latest p90 of
 * the goals drawn (a few late runs would otherwise squeeze the curves
 * against the axis), at most the last time mark.
 */
function goalCurves(r: ScenarioResult): { curves: Curve[]; hidden: number; xMax: number; clipped: boolean } {
  const times = r.campaign.times;
  const reached = r.campaign.goals.filter((g) => g.reached.probability > 0).sort((a, b) => b.reached.probability - a.reached.probability);
  const drawn = reached.slice(0, MAX_CURVES);
  const last = times.at(-1) ?? r.campaign.horizonHours;
  const xMax = Math.min(last, 1.5 * Math.max(0, ...drawn.map((g) => g.reached.p90 ?? 0))) || last;
  const keep = times.filter((t) => t <= xMax).length;
  const curves = drawn.map((g, i) => {
    // The curve holds its last value to the axis' end.
    const xs = [0, ...times.slice(0, keep), xMax];
    const ys = [0, ...g.reached.cdf.slice(0, keep), g.reached.cdf[Math.max(0, keep - 1)] ?? 0];
    return {
      key: g.goal,
      label: `${g.goal} ${percentText(g.reached.probability)}${g.reached.p50 !== undefined ? `, median ${hoursText(g.reached.p50)}` : ''}`,
      xs: keep === times.length ? xs.slice(0, -1) : xs,
      ys: keep === times.length ? ys.slice(0, -1) : ys,
      colour: seriesColour(i),
    };
  });
  return { curves, hidden: r.campaign.goals.length - curves.length, xMax, clipped: keep < times.length };
}

function Spread({ spread }: { spread: NonNullable<ScenarioResult['spread']> }) {
  const xs = [0, ...spread.times];
  const curves: Curve[] = [
    { key: 'mean', label: `mean (${num(spread.mean.at(-1) ?? 0)} at the end)`, xs, ys: [0, ...spread.mean], colour: '#ff7b72' },
    { key: 'p90', label: `90th percentile (${spread.p90.at(-1) ?? 0})`, xs, ys: [0, ...spread.p90], colour: '#f0883e', dashed: true },
  ];
  const top = Math.max(1, ...spread.p90, ...spread.mean);
  return (
    <>
      <h3>Encrypted hosts over time (of {spread.hosts} assets)</h3>
      <CurveChart curves={curves} xMax={spread.times.at(-1) ?? 1} yMin={0} yMax={top} xLabel={(v) => String(v)} xUnit="h" yUnit="hosts" ariaLabel="encrypted hosts over time" testid="sim-spread" />
    </>
  );
}

function Services({ services }: { services: NonNullable<ScenarioResult['services']> }) {
  const down = services.filter((s) => s.outage.probability > 0);
  const owners = [...new Set(down.map((s) => s.domain))];
  return (
    <div data-testid="sim-services">
      <h3>
        Services down: {down.length} of {services.length}
      </h3>
      {owners.map((o) => (
        <div key={o} className="sim-owner" data-testid="sim-owner" data-owner={o}>
          <b>{o}</b>
          <ul>
            {down
              .filter((s) => s.domain === o)
              .map((s) => (
                <li key={s.service}>
                  <span className="mono">{s.service}</span> down in {percentText(s.outage.probability)} of runs
                  {s.outage.p50 !== undefined && `, median ${hoursText(s.outage.p50)}`}
                  {s.throughDependency > 0 && <span className="muted"> · through a dependency in {s.throughDependency} runs</span>}
                </li>
              ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

/** The simulated trend of the tags that crossed a limit, minutes after the takeover, each with its limits. */
function ImpactTrends({ report }: { report: ImpactReport }) {
  const xs = report.trend.times.map((t) => t / 60);
  // The first unsafe tag first, then by their first crossing: trips before alarms.
  const rank = (tag: string) => {
    const i = report.timeline.findIndex((c) => c.tag === tag && c.severity === 'trip');
    const j = report.timeline.findIndex((c) => c.tag === tag);
    return tag === report.firstUnsafe?.tag ? -1 : i >= 0 ? i : report.timeline.length + (j >= 0 ? j : report.timeline.length);
  };
  const series = [...report.trend.series].sort((a, b) => rank(a.tag) - rank(b.tag));
  return (
    <>
      {series.slice(0, MAX_TRENDS).map((s, i) => {
        const lines = LEVEL_LIMITS.flatMap((l) => (s.limits[l.name] === undefined ? [] : [{ label: `${l.short} ${num(s.limits[l.name]!)}`, value: s.limits[l.name]!, trip: l.trip }]));
        const [yMin, yMax] = valueDomain(s.values.map((v) => ({ v })), s.limits);
        return (
          <CurveChart
            key={s.tag}
            curves={[{ key: s.tag, label: `${s.tag} (${s.unit})`, xs, ys: s.values, colour: seriesColour(i) }]}
            xMax={xs.at(-1) ?? 1}
            yMin={yMin}
            yMax={yMax}
            xLabel={(v) => String(v)}
            xUnit="min"
            yUnit={s.unit}
            lines={lines}
            ariaLabel={`${s.tag} after the takeover`}
            testid="sim-impact-trend"
          />
        );
      })}
    </>
  );
}

function Impact({ impact }: { impact: NonNullable<ScenarioResult['impact']> }) {
  return (
    <div className="sim-impact" data-testid="sim-impact">
      <h3>Physical impact</h3>
      <p data-testid="sim-impact-summary">{impact.summary}</p>
      {impact.takeovers.length > 1 && (
        <p className="muted small">
          controllers taken in ≥10% of runs: {impact.takeovers.map((t) => `${t.asset} ${percentText(t.probability)} (median ${hoursText(t.medianHours)})`).join(', ')}
        </p>
      )}
      {impact.simulated.map((s) => (
        <div key={s.asset}>
          <p className="small">{s.report.summary}</p>
          <ImpactTrends report={s.report} />
        </div>
      ))}
    </div>
  );
}

/** A scenario's result: who reaches what how fast (CDF curves), what ransomware encrypts and takes down, the sweep, the physical impact. */
export function SimulationResults({ result: r }: { result: ScenarioResult }) {
  const { curves, hidden, xMax, clipped } = goalCurves(r);
  const c = r.campaign;
  return (
    <div className="sim-results" data-testid="sim-results" data-kind={r.kind}>
      <p className="muted" data-testid="sim-summary">
        {r.scenario}: {c.runs} runs, seed {c.seed}, horizon {hoursText(c.horizonHours)} from {r.entries.join(', ')}
        {c.detected > 0 && ` · detected in ${percentText(c.detected)} of runs`}
      </p>
      <h3>Time to compromise</h3>
      {curves.length === 0 ? (
        <p className="muted">no goal reached in any run</p>
      ) : (
        <CurveChart curves={curves} xMax={xMax} yMin={0} yMax={1} xLabel={(v) => String(v)} yLabel={pct} xUnit="h" yUnit="runs" ariaLabel="share of runs that reached each goal by each hour" testid="sim-cdf" />
      )}
      {(hidden > 0 || clipped) && (
        <p className="muted small">
          {hidden > 0 && `${hidden} more goals not drawn (less likely or never reached). `}
          {clipped && `Drawn to ${hoursText(xMax)}; the latest run reached a goal at ${hoursText(c.times.at(-1) ?? 0)}.`}
        </p>
      )}
      {r.spread && <Spread spread={r.spread} />}
      {r.services && <Services services={r.services} />}
      {r.sweep && (
        <>
          <h3>Zero-day sweep</h3>
          <ol className="attack-list" data-testid="sim-sweep">
            {r.sweep
              .filter((x) => x.newGoals.length > 0 || x.likelihoodGain > 0)
              .slice(0, 8)
              .map((x) => (
                <li key={x.asset}>
                  <span className="mono">{x.asset}</span> ({x.domain}): {x.newGoals.length} new goals, +{(x.likelihoodGain * 100).toFixed(1)} pts most likely path
                </li>
              ))}
          </ol>
        </>
      )}
      {r.impact && <Impact impact={r.impact} />}
    </div>
  );
}
