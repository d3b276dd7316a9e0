import { useMemo, type ReactNode } from 'react';
import type { Alert, Incident } from '../api/types';
import { evidenceView } from '../state/evidence';
import { SeverityBadge, TechniqueLinks } from './alert-bits';
import { clockTime } from './format';

interface Props {
  alert: Alert;
  incident: Incident | undefined;
  assetName: (assetId: string) => string;
  /** Whether a tag id is in the model (only those open a chart). */
  isTag: (tagId: string) => boolean;
  onSelectAsset: (assetId: string) => void;
  onSelectTag: (tagId: string) => void;
  onClose: () => void;
}

/** Its width over the topology (styles.css .alert-details), which pans the selected asset out from under it. */
export const ALERT_DETAILS_WIDTH = 446;

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** "10:00:00.000 – 10:05:00.000 (rows every 5 s)". */
function windowText(w: NonNullable<ReturnType<typeof evidenceView>['window']>): string {
  if (w.seconds !== null) return `the last ${w.seconds} s`;
  const span = w.from && w.to ? Math.round((Date.parse(w.to) - Date.parse(w.from)) / 1000) : null;
  return `${clockTime(w.from) || '?'} – ${clockTime(w.to) || '?'}${span !== null && Number.isFinite(span) ? ` (${span} s)` : ''}${w.period !== null ? `, rows every ${w.period} s` : ''}`;
}

/**
 * One alert in full, over the topology: what fired and why — the observed
 * against the expected values, the window the detector looked at, the
 * ensemble members that voted — and where to look next (its assets, the
 * trend of its tags, MITRE's pages on its techniques).
 */
export function AlertDetails({ alert: a, incident, assetName, isTag, onSelectAsset, onSelectTag, onClose }: Props) {
  const ev = useMemo(() => evidenceView(a), [a]);
  return (
    <section className={`alert-details sev-row-${a.severity}`} data-testid="alert-details" data-alert={a.id}>
      <div className="panel-title">
        <h2>
          <SeverityBadge severity={a.severity} /> Alert <span className="mono">{a.id}</span>
        </h2>
        <button type="button" className="close" onClick={onClose} aria-label="close">
          ×
        </button>
      </div>
      <p className="alert-details-message" data-testid="alert-details-message">
        {a.message}
      </p>
      <dl className="fields">
        <Field label="time">
          <span className="mono" title={a.time}>
            {clockTime(a.time)}
          </span>{' '}
          <span className="muted small">
            seq {a.seq}, caused by seq {a.cause}
          </span>
        </Field>
        <Field label="detectors">
          {a.detectors.map((d) => (
            <span key={d} className="chip mono">
              {d}
            </span>
          ))}{' '}
          <span className="muted small">score {a.score.toFixed(2)}</span>
        </Field>
        <Field label="techniques">{a.techniques.length ? <TechniqueLinks techniques={a.techniques} /> : <span className="muted">none claimed</span>}</Field>
        <Field label="assets">
          {a.assets.length === 0 && <span className="muted">none</span>}
          {a.assets.map((id) => (
            <button key={id} type="button" className="link chip-link" data-testid="alert-asset" onClick={() => onSelectAsset(id)}>
              {assetName(id)}
            </button>
          ))}
        </Field>
        {a.tags.length > 0 && (
          <Field label="tags">
            {a.tags.map((id) =>
              isTag(id) ? (
                <button key={id} type="button" className="link chip-link mono" data-testid="alert-tag" title="show its trend" onClick={() => onSelectTag(id)}>
                  {id} ↗
                </button>
              ) : (
                <span key={id} className="chip mono">
                  {id}
                </span>
              ),
            )}
          </Field>
        )}
        <Field label="incident">
          <span className="mono">{a.incident || '—'}</span>
          {incident && (
            <span className="muted small">
              {' '}
              {incident.alerts} alert{incident.alerts === 1 ? '' : 's'}, highest {incident.severity}, since {clockTime(incident.firstTime)}
            </span>
          )}
        </Field>
      </dl>

      <h3>Evidence</h3>
      {ev.comparison.length > 0 && (
        <table className="evidence-table" data-testid="evidence-comparison">
          <thead>
            <tr>
              <th />
              <th className="num">observed</th>
              <th className="num">expected</th>
            </tr>
          </thead>
          <tbody>
            {ev.comparison.map((c) => (
              <tr key={c.key} className={c.highlight ? 'hl' : ''}>
                <td className="mono">{c.key}</td>
                <td className="num" data-testid="evidence-observed">
                  {c.observed}
                </td>
                <td className="num" data-testid="evidence-expected">
                  {c.expected}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {ev.window && (
        <p className="small" data-testid="evidence-window">
          <span className="muted">window</span> {windowText(ev.window)}
        </p>
      )}
      {ev.members.length > 0 && (
        <table className="evidence-table">
          <thead>
            <tr>
              <th>member</th>
              <th className="num">score</th>
              <th>blames</th>
            </tr>
          </thead>
          <tbody>
            {ev.members.map((m) => (
              <tr key={m.name} className={m.alarm ? 'hl' : 'muted'}>
                <td className="mono">{m.name}</td>
                <td className="num">{m.score}</td>
                <td className="mono">{m.blames ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {ev.other.length > 0 && (
        <dl className="fields evidence-other">
          {ev.other.map(([k, v]) => (
            <Field key={k} label={k}>
              <span className="mono small">{v}</span>
            </Field>
          ))}
        </dl>
      )}
    </section>
  );
}
