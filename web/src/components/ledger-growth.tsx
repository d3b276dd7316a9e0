import { useMemo, useState } from 'react';
import type { LedgerCheckpoint } from '../api/types';
import { TimeAxes } from '../chart/axes';
import { linear, niceTicks, timeTicks } from '../chart/scale';
import { clockTime } from './format';
import { useSize } from './use-size';

const M = { l: 56, r: 12, t: 10, b: 20 };
/** A lone checkpoint is drawn in a window of this width (ms), centred on it. */
const LONE_WINDOW = 60_000;

/**
 * The log's growth: the tree size of each signed checkpoint against the time
 * it was signed (points), joined by a line. A steep stretch is a burst of
 * events; a flat one, a quiet plant or a node that stopped signing.
 */
export function LedgerGrowth({ checkpoints }: { checkpoints: readonly LedgerCheckpoint[] }) {
  const [box, size] = useSize<HTMLDivElement>();
  const [hover, setHover] = useState<LedgerCheckpoint | null>(null);
  const points = useMemo(
    () => checkpoints.map((c) => ({ t: Date.parse(c.time), v: c.size, c })).filter((p) => Number.isFinite(p.t)).sort((a, b) => a.t - b.t),
    [checkpoints],
  );

  const chart = useMemo(() => {
    if (!size || size.w < 160 || size.h < 60 || points.length === 0) return null;
    let t0 = points[0]!.t;
    let t1 = points[points.length - 1]!.t;
    if (t1 === t0) [t0, t1] = [t0 - LONE_WINDOW / 2, t0 + LONE_WINDOW / 2];
    const vMax = Math.max(1, ...points.map((p) => p.v));
    const x = linear(t0, t1, M.l, size.w - M.r);
    const y = linear(0, vMax, size.h - M.b, M.t);
    const yTicks = niceTicks(0, vMax, 3);
    const xTicks = timeTicks(t0, t1, Math.max(2, Math.floor((size.w - M.l - M.r) / 80)));
    const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join('');
    return { x, y, yTicks, xTicks, path };
  }, [size, points]);

  return (
    <div className="ledger-growth chart-box" ref={box} data-testid="ledger-growth" data-points={points.length}>
      {size && !chart && <div className="chart-empty muted">no checkpoint signed yet</div>}
      {size && chart && (
        <svg className="chart" width={size.w} height={size.h} viewBox={`0 0 ${size.w} ${size.h}`} role="img" aria-label="ledger size at each checkpoint">
          <TimeAxes w={size.w} h={size.h} m={M} x={chart.x} y={chart.y} yTicks={chart.yTicks} xTicks={chart.xTicks} />
          <path className="series" d={chart.path} />
          {points.map((p) => (
            <circle
              key={p.v}
              className={`checkpoint-dot${hover === p.c ? ' active' : ''}`}
              cx={chart.x(p.t)}
              cy={chart.y(p.v)}
              r={hover === p.c ? 4 : 2.6}
              onMouseEnter={() => setHover(p.c)}
              onMouseLeave={() => setHover(null)}
            >
              <title>{`size ${p.v} at ${clockTime(p.c.time)}${p.c.cosignatures.length ? `, ${p.c.cosignatures.length} cosignature(s)` : ''}`}</title>
            </circle>
          ))}
          {hover && (
            <text className="hover-label" x={Math.min(chart.x(Date.parse(hover.time)) + 6, size.w - M.r - 150)} y={M.t + 10}>
              {`${hover.size} entries · ${clockTime(hover.time)}`}
            </text>
          )}
        </svg>
      )}
    </div>
  );
}
