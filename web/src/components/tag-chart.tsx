import { useMemo, useState } from 'react';
import type { Alert, Tag } from '../api/types';
import { TimeAxes } from '../chart/axes';
import { linear, niceTicks, timeTicks } from '../chart/scale';
import { LEVEL_LIMITS, nearest, segments, timeDomain, valueDomain } from '../chart/series';
import { formatValue } from '../state/events';
import type { TagLive, TagPoint } from '../state/tag-history';
import { useTagSeries } from '../state/use-tag-series';
import { clockTime } from './format';
import { useSize } from './use-size';

interface Props {
  tag: Tag;
  live: TagLive;
  /** Live alerts (any tag); the chart keeps those about its own. */
  alerts: readonly Alert[];
  selectedAlert: string | null;
  onSelectAlert: (a: Alert) => void;
  onClose: () => void;
}

const M = { l: 50, r: 48, t: 14, b: 22 };

/**
 * A tag's recent readings against time, with its alarm and trip limits as
 * dashed lines over shaded bands, and a marker at the time of each alert on
 * the tag (click one for its details). Breaks in the line are gaps in the
 * readings; hollow dots are readings of uncertain or bad quality.
 */
export function TagChart({ tag, live, alerts, selectedAlert, onSelectAlert, onClose }: Props) {
  const series = useTagSeries(tag.id, live, alerts);
  const [box, size] = useSize<HTMLDivElement>();
  const [hover, setHover] = useState<TagPoint | null>(null);

  const { points, alerts: tagAlerts } = series;
  const chart = useMemo(() => {
    if (!size || size.w < 160 || size.h < 90) return null;
    const alertTimes = tagAlerts.map((a) => Date.parse(a.time));
    const td = timeDomain(points, alertTimes);
    if (!td) return null;
    const [v0, v1] = valueDomain(points, tag.limits);
    const x = linear(td[0], td[1], M.l, size.w - M.r);
    const y = linear(v0, v1, size.h - M.b, M.t);
    const yTicks = niceTicks(v0, v1, size.h > 180 ? 5 : 3);
    const xTicks = timeTicks(td[0], td[1], Math.max(2, Math.floor((size.w - M.l - M.r) / 90)));
    const paths = segments(points, tag.samplePeriod).map((seg) => seg.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(''));
    const inView = tagAlerts.filter((a) => {
      const t = Date.parse(a.time);
      return t >= td[0] && t <= td[1];
    });
    return { x, y, yTicks, xTicks, paths, inView, td };
  }, [size, points, tagAlerts, tag.limits, tag.samplePeriod]);

  const limits = LEVEL_LIMITS.flatMap((l) => {
    const value = tag.limits?.[l.name];
    return typeof value === 'number' && Number.isFinite(value) ? [{ ...l, value }] : [];
  });
  const outOfView = series.alerts.length - (chart?.inView.length ?? 0);
  const current = live.current;

  return (
    <section className="chart-panel" data-testid="tag-chart" data-tag={tag.id} data-points={series.points.length} data-alerts={chart?.inView.length ?? 0}>
      <div className="panel-title">
        <h2>
          {tag.name ?? tag.id} <span className="mono muted small">{tag.id}</span>
        </h2>
        <button type="button" className="close" onClick={onClose} aria-label="close chart">
          ×
        </button>
      </div>
      <div className="chart-sub muted small">
        {current && (
          <span className="chart-current">
            <b>{formatValue(current.value)}</b> {tag.unit} at {clockTime(current.time)}
          </span>
        )}
        <span>{series.loading ? 'loading readings…' : `${series.points.length} readings`}</span>
        <span>
          {series.alerts.length} alert{series.alerts.length === 1 ? '' : 's'}
          {outOfView > 0 && !series.loading && ` (${outOfView} before this window)`}
        </span>
        {limits.length > 0 && <span>limits {limits.map((l) => `${l.short} ${formatValue(l.value)}`).join(' · ')}</span>}
        {series.error && <span className="chart-error">{series.error}</span>}
      </div>
      <div className="chart-box" ref={box}>
        {size && !chart && !series.loading && <div className="chart-empty muted">no readings of this tag yet</div>}
        {size && chart && (
          <svg
            className="chart"
            width={size.w}
            height={size.h}
            viewBox={`0 0 ${size.w} ${size.h}`}
            role="img"
            aria-label={`${tag.id} trend`}
            onMouseMove={(e) => {
              const r = e.currentTarget.getBoundingClientRect();
              const [t0, t1] = chart.td;
              const t = t0 + ((e.clientX - r.left - M.l) / (size.w - M.l - M.r)) * (t1 - t0);
              setHover(nearest(series.points, t) ?? null);
            }}
            onMouseLeave={() => setHover(null)}
          >
            {limits.map((l) => {
              // Shade beyond each limit: amber past an alarm limit, red past a trip limit.
              const yl = chart.y(l.value);
              const high = l.name.startsWith('high');
              const top = high ? M.t : yl;
              const bottom = high ? yl : size.h - M.b;
              return bottom > top ? <rect key={`band-${l.name}`} className={`limit-band ${l.trip ? 'trip' : 'alarm'}`} x={M.l} y={top} width={size.w - M.l - M.r} height={bottom - top} /> : null;
            })}
            <TimeAxes w={size.w} h={size.h} m={M} x={chart.x} y={chart.y} yTicks={chart.yTicks} xTicks={chart.xTicks} />
            <text className="axis-unit" x={M.l - 6} y={M.t - 4} textAnchor="end">
              {tag.unit}
            </text>
            {limits.map((l) => (
              <g key={l.name} className={`limit ${l.trip ? 'trip' : 'alarm'}`} data-testid="chart-limit" data-limit={l.name}>
                <line x1={M.l} x2={size.w - M.r} y1={chart.y(l.value)} y2={chart.y(l.value)} />
                <text x={size.w - M.r + 4} y={chart.y(l.value)} dy="0.32em">
                  {l.short} {formatValue(l.value)}
                </text>
              </g>
            ))}
            {chart.paths.map((d, i) => (
              <path key={i} className="series" d={d} data-testid="chart-series" />
            ))}
            {series.points
              .filter((p) => p.q !== 'good')
              .map((p) => (
                <circle key={p.t} className={`pt-${p.q}`} cx={chart.x(p.t)} cy={chart.y(p.v)} r={2.6}>
                  <title>{`${formatValue(p.v)} ${tag.unit} (${p.q}) at ${clockTime(new Date(p.t).toISOString())}`}</title>
                </circle>
              ))}
            {chart.inView.map((a) => {
              const ax = chart.x(Date.parse(a.time));
              return (
                <g
                  key={a.seq}
                  className={`chart-alert marker-${a.severity}${a.id === selectedAlert ? ' active' : ''}`}
                  data-testid="chart-alert-marker"
                  data-alert={a.id}
                  data-severity={a.severity}
                  role="button"
                  onClick={() => onSelectAlert(a)}
                >
                  <title>{`${a.severity} alert ${a.id} at ${clockTime(a.time)}: ${a.message}`}</title>
                  <line x1={ax} x2={ax} y1={M.t} y2={size.h - M.b} />
                  <path d={`M${ax - 5},${M.t - 8}L${ax + 5},${M.t - 8}L${ax},${M.t}Z`} />
                  {/* A wide transparent hit area: the line alone is hard to click. */}
                  <rect className="hit" x={ax - 5} y={M.t - 8} width={10} height={size.h - M.b - M.t + 8} />
                </g>
              );
            })}
            {hover && (
              <g className="hover" pointerEvents="none">
                <circle cx={chart.x(hover.t)} cy={chart.y(hover.v)} r={3.5} />
                <text x={Math.min(chart.x(hover.t) + 6, size.w - M.r - 120)} y={M.t + 12}>
                  {`${formatValue(hover.v)} ${tag.unit} · ${clockTime(new Date(hover.t).toISOString())}`}
                </text>
              </g>
            )}
          </svg>
        )}
      </div>
    </section>
  );
}
