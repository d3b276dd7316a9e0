import { useMemo } from 'react';
import { Axes } from '../chart/axes';
import { linear, niceTicks } from '../chart/scale';
import { useSize } from './use-size';

/** One line of a curve chart: y against x, both in the chart's units. */
export interface Curve {
  key: string;
  label: string;
  xs: readonly number[];
  ys: readonly number[];
  colour: string;
  dashed?: boolean;
}

/** A horizontal reference line (an alarm or trip limit). */
export interface RefLine {
  label: string;
  value: number;
  trip: boolean;
}

interface Props {
  curves: readonly Curve[];
  xMax: number;
  /** Default 0. */
  xMin?: number;
  yMin: number;
  yMax: number;
  xLabel: (v: number) => string;
  yLabel?: (v: number) => string;
  /** Under the x axis' last tick: "h", "min". */
  xUnit: string;
  yUnit?: string;
  lines?: readonly RefLine[];
  ariaLabel: string;
  testid: string;
}

const M = { l: 44, r: 52, t: 20, b: 22 };

/**
 * Lines against a numeric x axis (hours, minutes), with a legend below and
 * optional limit lines: the console's plot of simulation results. Each
 * line's tooltip names it.
 */
export function CurveChart({ curves, xMin = 0, xMax, yMin, yMax, xLabel, yLabel, xUnit, yUnit, lines = [], ariaLabel, testid }: Props) {
  const [box, size] = useSize<HTMLDivElement>();
  const chart = useMemo(() => {
    if (!size || size.w < 160 || size.h < 60 || !(xMax > xMin) || !(yMax > yMin)) return null;
    const x = linear(xMin, xMax, M.l, size.w - M.r);
    const y = linear(yMin, yMax, size.h - M.b, M.t);
    const xTicks = niceTicks(xMin, xMax, Math.max(2, Math.floor((size.w - M.l - M.r) / 70)));
    const yTicks = niceTicks(yMin, yMax, size.h > 150 ? 4 : 3);
    const paths = curves.map((c) => c.xs.map((v, i) => `${i ? 'L' : 'M'}${x(v).toFixed(1)},${y(c.ys[i]!).toFixed(1)}`).join(''));
    return { x, y, xTicks, yTicks, paths };
  }, [size, curves, xMin, xMax, yMin, yMax]);

  return (
    <div className="curve-chart" data-testid={testid}>
      <div className="chart-box curve-box" ref={box}>
        {size && chart && (
          <svg className="chart" width={size.w} height={size.h} viewBox={`0 0 ${size.w} ${size.h}`} role="img" aria-label={ariaLabel}>
            <Axes w={size.w} h={size.h} m={M} x={chart.x} y={chart.y} yTicks={chart.yTicks} xTicks={chart.xTicks} xLabel={xLabel} yLabel={yLabel} />
            <text className="axis-unit" x={size.w - M.r + 14} y={size.h - M.b + 14}>
              {xUnit}
            </text>
            {yUnit && (
              <text className="axis-unit" x={M.l - 6} y={M.t - 10} textAnchor="end">
                {yUnit}
              </text>
            )}
            {lines.map((l) => (
              <g key={`${l.label}${l.value}`} className={`limit ${l.trip ? 'trip' : 'alarm'}`}>
                <line x1={M.l} x2={size.w - M.r} y1={chart.y(l.value)} y2={chart.y(l.value)} />
                <text x={size.w - M.r + 4} y={chart.y(l.value)} dy="0.32em">
                  {l.label}
                </text>
              </g>
            ))}
            {curves.map((c, i) => (
              <path key={c.key} className="series curve" data-testid="curve-path" data-curve={c.key} d={chart.paths[i]} style={{ stroke: c.colour, ...(c.dashed ? { strokeDasharray: '5 3' } : {}) }}>
                <title>{c.label}</title>
              </path>
            ))}
          </svg>
        )}
      </div>
      <ul className="curve-legend">
        {curves.map((c) => (
          <li key={c.key}>
            <span className={`swatch${c.dashed ? ' dashed' : ''}`} style={{ borderColor: c.colour }} /> {c.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
