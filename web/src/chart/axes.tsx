import { timeLabel, valueLabel, type Scale } from './scale';

export interface Margins {
  l: number;
  r: number;
  t: number;
  b: number;
}

interface AxesProps {
  w: number;
  h: number;
  m: Margins;
  x: Scale;
  y: Scale;
  yTicks: readonly number[];
  xTicks: readonly number[];
  /** Words each x tick (a time, hours, minutes...). */
  xLabel: (v: number) => string;
  /** Words each y tick; default: the tick's value, with as many decimals as the ticks need. */
  yLabel?: (v: number) => string;
}

/** Grid lines and labels of a chart: value ticks on the left, x ticks along the bottom. */
export function Axes({ w, h, m, x, y, yTicks, xTicks, xLabel, yLabel }: AxesProps) {
  return (
    <>
      {yTicks.map((v) => (
        <g key={`y${v}`} className="tick">
          <line className="grid" x1={m.l} x2={w - m.r} y1={y(v)} y2={y(v)} />
          <text x={m.l - 6} y={y(v)} dy="0.32em" textAnchor="end">
            {yLabel ? yLabel(v) : valueLabel(v, yTicks)}
          </text>
        </g>
      ))}
      {xTicks.map((t) => (
        <g key={`x${t}`} className="tick">
          <line className="grid" x1={x(t)} x2={x(t)} y1={m.t} y2={h - m.b} />
          <text x={x(t)} y={h - m.b + 14} textAnchor="middle">
            {xLabel(t)}
          </text>
        </g>
      ))}
    </>
  );
}

/** The axes of a time chart: the time ticks (from `timeTicks`) worded as times of day. */
export function TimeAxes({ xTicks, ...rest }: Omit<AxesProps, 'xTicks' | 'xLabel' | 'yLabel'> & { xTicks: { ticks: readonly number[]; step: number } }) {
  return <Axes {...rest} xTicks={xTicks.ticks} xLabel={(t) => timeLabel(t, xTicks.step)} />;
}
