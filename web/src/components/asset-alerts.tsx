import type { Alert } from '../api/types';
import { SeverityBadge } from './alert-bits';
import { clockTime } from './format';

/** Alerts shown per asset, one line each; the alerts panel has the rest. */
const SHOWN = 10;

/** The asset panel's "Alerts" section: the newest alerts involving the asset; a click opens one. */
export function AssetAlerts({ alerts, selected, onSelect }: { alerts: Alert[]; selected: string | null; onSelect: (a: Alert) => void }) {
  return (
    <>
      <h3>Alerts ({alerts.length})</h3>
      {alerts.length === 0 ? (
        <p className="muted">none raised</p>
      ) : (
        <ul className="plain asset-alerts" data-testid="asset-alerts">
          {alerts.slice(0, SHOWN).map((a) => (
            <li
              key={a.seq}
              className={`asset-alert sev-row-${a.severity}${a.id === selected ? ' active' : ''}`}
              data-testid="asset-alert-row"
              data-alert={a.id}
              role="button"
              tabIndex={0}
              title={`${a.message}\n(details)`}
              onClick={() => onSelect(a)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onSelect(a))}
            >
              <span className="mono muted small">{clockTime(a.time)}</span>
              <SeverityBadge severity={a.severity} />
              <span className="small asset-alert-text">
                {a.techniques.length > 0 && <b className="technique-ids">{a.techniques.map((t) => t.id).join(' ')} </b>}
                {a.message}
              </span>
            </li>
          ))}
          {alerts.length > SHOWN && <li className="muted small">{alerts.length - SHOWN} more in the alerts panel</li>}
        </ul>
      )}
    </>
  );
}
