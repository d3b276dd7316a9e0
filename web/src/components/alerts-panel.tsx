import { memo, useMemo, useState } from 'react';
import type { Alert, Incident, Severity } from '../api/types';
import { SEVERITIES, severityRank, visibleIncidents } from '../state/alerts';
import { SeverityBadge, TechniqueLinks } from './alert-bits';
import { clockTime } from './format';

interface Props {
  /** Newest first. */
  alerts: Alert[];
  incidents: Incident[];
  selected: string | null;
  onSelect: (a: Alert) => void;
  assetName: (assetId: string) => string;
}

export const AlertRow = memo(function AlertRow({ a, active, onSelect, assetName }: { a: Alert; active: boolean; onSelect: (a: Alert) => void; assetName: (id: string) => string }) {
  const select = () => onSelect(a);
  return (
    <li
      className={`alert-row sev-row-${a.severity}${active ? ' active' : ''}`}
      data-testid="alert-row"
      data-alert={a.id}
      data-seq={a.seq}
      data-severity={a.severity}
      data-incident={a.incident}
      role="button"
      tabIndex={0}
      onClick={select}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), select())}
      title={`${a.message}\n(details)`}
    >
      <span className="event-time" title={`${a.time} (seq ${a.seq})`}>
        {clockTime(a.time)}
      </span>
      <SeverityBadge severity={a.severity} />
      <span className="alert-assets">{a.assets.map(assetName).join(', ')}</span>
      <span className="alert-message">{a.message}</span>
      <span className="alert-meta">
        <span className="alert-detectors" data-testid="alert-detectors">
          {a.detectors.join(' + ')}
        </span>
        <TechniqueLinks techniques={a.techniques} />
      </span>
    </li>
  );
});

const IncidentRow = memo(function IncidentRow({ i, onOpen, assetName }: { i: Incident; onOpen: (id: string) => void; assetName: (id: string) => string }) {
  const open = () => onOpen(i.id);
  return (
    <li
      className={`alert-row incident-row sev-row-${i.severity}`}
      data-testid="incident-row"
      data-incident={i.id}
      role="button"
      tabIndex={0}
      onClick={open}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), open())}
      title={`${i.title}\n(show its alerts)`}
    >
      <span className="event-time">{clockTime(i.lastTime)}</span>
      <SeverityBadge severity={i.severity} />
      <span className="alert-assets">
        <b>{i.alerts}</b> alert{i.alerts === 1 ? '' : 's'} · {i.assets.map(assetName).join(', ')}
      </span>
      <span className="alert-message">{i.title}</span>
      <span className="alert-meta">
        <span className="alert-detectors mono">
          {i.id} · since {clockTime(i.firstTime)}
        </span>
        <TechniqueLinks techniques={i.techniques} names={false} />
      </span>
    </li>
  );
});

/**
 * What detection concluded, live: alerts newest first with their severity,
 * detectors and ATT&CK techniques, or the incidents grouping them. A
 * severity count filters; an incident shows its alerts; an alert opens its
 * details.
 */
export function AlertsPanel({ alerts, incidents, selected, onSelect, assetName }: Props) {
  const [tab, setTab] = useState<'alerts' | 'incidents'>('alerts');
  const [incident, setIncident] = useState<string | null>(null);
  const [severity, setSeverity] = useState<Severity | null>(null);
  const shownIncidents = useMemo(() => visibleIncidents(incidents), [incidents]);
  const counts = useMemo(() => {
    const c = new Map<Severity, number>();
    for (const a of alerts) if (!incident || a.incident === incident) c.set(a.severity, (c.get(a.severity) ?? 0) + 1);
    return [...SEVERITIES].reverse().flatMap((s) => (c.get(s) ? [[s, c.get(s)!] as const] : []));
  }, [alerts, incident]);
  const rows = useMemo(() => alerts.filter((a) => (!incident || a.incident === incident) && (!severity || a.severity === severity)), [alerts, incident, severity]);
  const worst = alerts.reduce<Severity | null>((w, a) => (!w || severityRank(a.severity) > severityRank(w) ? a.severity : w), null);

  return (
    <section className="alerts-panel" data-testid="alerts-panel">
      <div className="alerts-head">
        <h2>
          Alerts{' '}
          <small className="muted" data-testid="alerts-count">
            {alerts.length > 0 ? `${alerts.length} newest` : 'none raised'}
          </small>
          {worst && <span className={`alerts-worst sev-${worst}`} title="highest severity among them" />}
        </h2>
        <div className="tabs" role="tablist">
          <button type="button" role="tab" aria-selected={tab === 'alerts'} className={tab === 'alerts' ? 'on' : ''} data-testid="alerts-tab" onClick={() => setTab('alerts')}>
            alerts
          </button>
          <button type="button" role="tab" aria-selected={tab === 'incidents'} className={tab === 'incidents' ? 'on' : ''} data-testid="incidents-tab" onClick={() => setTab('incidents')}>
            incidents <b>{shownIncidents.length}</b>
          </button>
        </div>
      </div>
      {tab === 'alerts' ? (
        <>
          {(counts.length > 0 || incident) && (
            <div className="drift-counts">
              {incident && (
                <button type="button" className="drift-count on" data-testid="incident-filter" title="show every incident's alerts" onClick={() => setIncident(null)}>
                  {incident} ×
                </button>
              )}
              {counts.map(([s, n]) => (
                <button
                  key={s}
                  type="button"
                  className={`drift-count sev-count sev-${s}${severity === s ? ' on' : ''}`}
                  data-testid="severity-count"
                  data-severity={s}
                  aria-pressed={severity === s}
                  onClick={() => setSeverity(severity === s ? null : s)}
                >
                  {s} <b>{n}</b>
                </button>
              ))}
            </div>
          )}
          <ol className="alert-list" data-testid="alert-list">
            {rows.map((a) => (
              <AlertRow key={a.seq} a={a} active={a.id === selected} onSelect={onSelect} assetName={assetName} />
            ))}
          </ol>
        </>
      ) : (
        <ol className="alert-list" data-testid="incident-list">
          {shownIncidents.length === 0 && <li className="muted empty">no incidents</li>}
          {shownIncidents.map((i) => (
            <IncidentRow
              key={i.id}
              i={i}
              assetName={assetName}
              onOpen={(id) => {
                setIncident(id);
                setSeverity(null);
                setTab('alerts');
              }}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
