import { useMemo, useState } from 'react';
import type { PostureSnapshot } from '../api/types';
import { TimeAxes } from '../chart/axes';
import { seriesColour } from '../chart/palette';
import { linear, timeTicks } from '../chart/scale';
import { postureSeries, stepPath, type PosturePoint } from '../state/risk-trend';
import { clockTime } from './format';
import { useSize } from './use-size';

const M = { l: 34, r: 12, t: 10, b: 20 };
/** The narrowest time window drawn (ms). */
const LONE_WINDOW = 60_000;
const Y_TICKS = [0, 25, 50, 75, 100];

/**
 * Each owner's posture over time (0-100, higher is safer), as steps: the
 * posture holds until the model or the observed network changes, and each
 * change is a dot whose tooltip says what changed.
 */
export function RiskTrend({ history, now }: { history: readonly PostureSnapshot[]; now: number }) {
  const [box, size] = useSize<HTMLDivElement>();
  const [hover, setHover] = useState<{ domain: string; p: PosturePoint } | null>(null);
  const series = useMemo(() => postureSeries(history), [history]);

  const chart = useMemo(() => {
    const all = series.flatMap((s) => s.points.map((p) => p.t));
    if (!size || size.w < 160 || size.h < 60 || all.length === 0) return null;
    const first = Math.min(...all);
    const last = Math.max(...all, now);
    // A short history (a node just started) is drawn in a window of at least LONE_WINDOW, a little in from the left.
    const span = Math.max(last - first, LONE_WINDOW);
    const t0 = last - first < LONE_WINDOW ? first - span * 0.1 : first;
    const t1 = last - first < LONE_WINDOW ? t0 + span : last;
    const x = linear(t0, t1, M.l, size.w - M.r);
    const y = linear(0, 100, size.h - M.b, M.t);
    const xTicks = timeTicks(t0, t1, Math.max(2, Math.floor((size.w - M.l - M.r) / 80)));
    return { x, y, xTicks, end: t1 };
  }, [size, series, now]);

  return (
    <div className="risk-trend-box">
      <div className="risk-trend chart-box" ref={box} data-testid="risk-trend" data-points={series.reduce((n, s) => n + s.points.length, 0)}>
        {size && !chart && <div className="chart-empty muted">no assessment yet</div>}
        {size && chart && (
          <svg className="chart" width={size.w} height={size.h} viewBox={`0 0 ${size.w} ${size.h}`} role="img" aria-label="posture of each owner over time">
            <TimeAxes w={size.w} h={size.h} m={M} x={chart.x} y={chart.y} yTicks={Y_TICKS} xTicks={chart.xTicks} />
            {series.map((s, i) => (
              <g key={s.domain} data-testid="risk-trend-series" data-domain={s.domain}>
                <path className="risk-trend-line" style={{ stroke: seriesColour(i) }} d={stepPath(s.points, chart.x, chart.y, chart.end)} />
                {s.points.map((p, j) => (
                  <circle
                    key={j}
                    className="risk-trend-dot"
                    style={{ fill: seriesColour(i) }}
                    cx={chart.x(p.t)}
                    cy={chart.y(p.posture)}
                    r={hover?.p === p ? 4 : 2.6}
                    onMouseEnter={() => setHover({ domain: s.domain, p })}
                    onMouseLeave={() => setHover(null)}
                  >
                    <title>{`${s.domain}: posture ${p.posture.toFixed(0)} at ${clockTime(new Date(p.t).toISOString())} (${p.reason}: ${p.detail})`}</title>
                  </circle>
                ))}
              </g>
            ))}
            {hover && (
              <text className="hover-label" x={Math.min(chart.x(hover.p.t) + 6, size.w - M.r - 220)} y={M.t + 10}>
                {`${hover.domain} ${hover.p.posture.toFixed(0)} · ${hover.p.reason}`}
              </text>
            )}
          </svg>
        )}
      </div>
      <div className="risk-legend">
        {series.map((s, i) => (
          <span key={s.domain}>
            <i style={{ background: seriesColour(i) }} /> {s.domain}
          </span>
        ))}
      </div>
    </div>
  );
}
