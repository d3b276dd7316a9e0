/** "13:19:42.788" in the browser's time zone; the raw string when it is not a time. */
export function clockTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** "58.5%"; whole percents at the ends, where a decimal says nothing. */
export function percentText(p: number): string {
  return `${(p * 100).toFixed(p >= 0.995 || p < 0.001 ? 0 : 1)}%`;
}

/** "8 h", "1.5 h". */
export function hoursText(h: number): string {
  return `${Number(h.toFixed(1))} h`;
}

/** The names typed in a form field, separated by spaces and/or commas. */
export function namesIn(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}
