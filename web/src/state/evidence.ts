import type { Alert } from '../api/types';
import { formatValue } from './events';

/** One line of "observed vs expected". */
export interface Comparison {
  key: string;
  observed: string;
  expected: string;
  /** The alert is about this key (one of its tags). */
  highlight: boolean;
}

export interface EvidenceView {
  comparison: Comparison[];
  window: { from: string | null; to: string | null; period: number | null; seconds: number | null } | null;
  members: { name: string; score: string; alarm: boolean; blames: string | null }[];
  /** Everything else the detector recorded, as text. */
  other: [key: string, value: string][];
}

const rec = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A value for people: numbers shortened, lists joined, objects as compact JSON. */
export function show(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return formatValue(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) return v.map(show).join(', ');
  const json = JSON.stringify(v);
  return json.length > 240 ? `${json.slice(0, 239)}…` : json;
}

/**
 * What an alert's evidence says, laid out for an analyst: observed against
 * expected values (per tag for the learned detectors, the value against the
 * limit for a safety limit, the writer against the allowed writers for a
 * command), the window the detector looked at, the members of an ensemble,
 * and the remaining fields. Evidence comes off the network: unknown shapes
 * end up in `other`, never dropped.
 */
export function evidenceView(a: Alert): EvidenceView {
  const ev = a.evidence;
  const used = new Set<string>();
  const take = (k: string) => {
    used.add(k);
    return ev[k];
  };
  const comparison: Comparison[] = [];
  const observed = ev.observed;
  const expected = ev.expected;
  const obsRec = rec(observed);
  if (obsRec) {
    take('observed');
    const expRec = rec(take('expected')) ?? {};
    // The tags the alert is about first, then the rest in the detector's order.
    const keys = [...a.tags.filter((t) => t in obsRec), ...Object.keys(obsRec).filter((k) => !a.tags.includes(k))];
    for (const k of keys) comparison.push({ key: k, observed: show(obsRec[k]), expected: k in expRec ? show(expRec[k]) : '—', highlight: a.tags.includes(k) });
  } else if (observed !== undefined) {
    take('observed');
    comparison.push({ key: a.tags[0] ?? 'value', observed: show(observed), expected: show(take('expected')), highlight: true });
  } else if (num(ev.value) !== null && num(ev.threshold) !== null && str(ev.limit)) {
    const limit = str(take('limit'))!;
    const side = limit.startsWith('high') ? '<' : '>';
    comparison.push({ key: a.tags[0] ?? 'value', observed: show(take('value')), expected: `${side} ${show(take('threshold'))} (${limit} limit)`, highlight: true });
  } else if (Array.isArray(ev.allowedWriters) && str(ev.from)) {
    const from = str(take('from'))!;
    const who = str(ev.fromAsset);
    comparison.push({ key: 'writer', observed: who ? `${who} (${from})` : from, expected: `one of ${show(take('allowedWriters')) || 'none'}`, highlight: true });
  }

  let window: EvidenceView['window'] = null;
  const w = ev.window;
  if (rec(w)) {
    take('window');
    const r = rec(w)!;
    window = { from: str(r.from), to: str(r.to), period: num(r.period), seconds: null };
  } else if (num(w) !== null) {
    take('window');
    window = { from: null, to: null, period: null, seconds: num(w) };
  }

  const members: EvidenceView['members'] = [];
  if (Array.isArray(ev.members)) {
    take('members');
    for (const m of ev.members) {
      const r = rec(m);
      if (r && str(r.name)) members.push({ name: str(r.name)!, score: num(r.score) === null ? '—' : `${formatValue(num(r.score)!)}×`, alarm: r.alarm === true, blames: str(r.blames) });
    }
  }

  const other = Object.entries(ev)
    .filter(([k]) => !used.has(k))
    .map(([k, v]) => [k, show(v)] as [string, string]);
  return { comparison, window, members, other };
}
