interface Props {
  values: readonly number[];
  width?: number;
  height?: number;
}

/** The shape of recent values, scaled to their own min..max; a flat line when they are all equal. */
export function Sparkline({ values, width = 120, height = 22 }: Props) {
  if (values.length === 0) return <svg className="sparkline" width={width} height={height} aria-hidden="true" />;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const pad = 2;
  const y = (v: number) => (max === min ? height / 2 : pad + (1 - (v - min) / (max - min)) * (height - 2 * pad));
  const x = (i: number) => (values.length === 1 ? width - pad : pad + (i / (values.length - 1)) * (width - 2 * pad));
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const last = values[values.length - 1] ?? 0;
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} data-points={values.length}>
      <title>{`${values.length} readings, min ${min}, max ${max}`}</title>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.3" />
      <circle cx={x(values.length - 1)} cy={y(last)} r="1.8" fill="currentColor" />
    </svg>
  );
}
