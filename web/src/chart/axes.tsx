import { timeLabel, valueLabel, type Scale } from './scale';

export interface Margins {
  l: number;
  r: number;
  t: number;
  b: number;
}

/** Grid lines and labels of a time chart: value ticks on the left, time ticks along the bottom. */
export function TimeAxes(props: { w: number; h: number; m: Margins; x: Scale; y: Scale; yTicks: readonly number[]; xTicks: { ticks: readonly number[]; step: number } }) {
  const { w, h, m, x, y, yTicks, xTicks } = props;
  return (
    <>
      {yTicks.map((v) => (
        <g key={`y${v}`} className="tick">
          <line className="grid" x1={m.l} x2={w - m.r} y1={y(v)} y2={y(v)} />
          <text x={m.l - 6} y={y(v)} dy="0.32em" textAnchor="end">
            {valueLabel(v, yTicks)}
          </text>
        </g>
      ))}
      {xTicks.ticks.map((t) => (
        <g key={`x${t}`} className="tick">
          <line className="grid" x1={x(t)} x2={x(t)} y1={m.t} y2={h - m.b} />
          <text x={x(t)} y={h - m.b + 14} textAnchor="middle">
            {timeLabel(t, xTicks.step)}
          </text>
        </g>
      ))}
    </>
  );
}

/** Grid lines and labels of a chart whose x axis is a plain number (hours, minutes...): `xLabel` words each x tick. */
export function LinearAxes(props: { w: number; h: number; m: Margins; x: Scale; y: Scale; yTicks: readonly number[]; xTicks: readonly number[]; xLabel: (v: number) => string; yLabel?: (v: number) => string }) {
  const { w, h, m, x, y, yTicks, xTicks, xLabel, yLabel } = props;
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
