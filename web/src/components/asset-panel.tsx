import type { ReactNode } from 'react';
import type { Asset, AssetState, Service, Tag, Zone } from '../api/types';
import { formatValue } from '../state/events';
import type { TagLive } from '../state/tag-history';
import { clockTime } from './format';

interface Props {
  asset: Asset;
  state: AssetState;
  zone: Zone | undefined;
  services: Service[];
  tags: Tag[];
  live: Record<string, TagLive>;
  onClose: () => void;
  /** Live sections (drift, commands) shown right under the title, where an analyst arriving from a finding looks first. */
  children?: ReactNode;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Everything the twin knows about one asset, its status and tags live. */
export function AssetPanel({ asset: a, state, zone, services, tags, live, onClose, children }: Props) {
  const product = [a.vendor, a.product, a.version].filter(Boolean).join(' · ');
  return (
    <section className="asset-panel" data-testid="asset-panel" data-asset={a.id}>
      <div className="panel-title">
        <h2>{a.name}</h2>
        <button type="button" className="close" onClick={onClose} aria-label="close">
          ×
        </button>
      </div>
      <div className="panel-sub">
        <span className="mono">{a.id}</span>
        <span className={`status-badge ${state.status}`} data-testid="asset-status">
          {state.status}
        </span>
        {state.since && <span className="muted">since {clockTime(state.since)}</span>}
      </div>
      {a.description && <p className="muted">{a.description}</p>}
      {children}
      <dl className="fields">
        <Field label="kind">{a.kind}</Field>
        <Field label="owner">{a.domain}</Field>
        <Field label="zone">{zone ? `${zone.name} (SL-T ${zone.securityLevel.target}${zone.securityLevel.achieved !== undefined ? `, SL-A ${zone.securityLevel.achieved}` : ''})` : a.zone}</Field>
        <Field label="criticality">
          <span className={`crit ${a.criticality}`}>{a.criticality}</span>
        </Field>
        <Field label="addresses">
          {a.addresses.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            a.addresses.map((ad, i) => (
              <div key={i} className="mono">
                {[ad.ip, ad.mac, ad.hostname].filter(Boolean).join('  ')}
              </div>
            ))
          )}
        </Field>
        <Field label="product">{product || <span className="muted">unknown</span>}</Field>
        {a.cpe && <Field label="CPE"><span className="mono small">{a.cpe}</span></Field>}
        <Field label="data">{a.dataClasses.length ? a.dataClasses.map((d) => <span key={d} className="chip">{d}</span>) : <span className="muted">none</span>}</Field>
      </dl>

      <h3>Vulnerabilities ({a.vulnerabilities.length})</h3>
      {a.vulnerabilities.length === 0 ? (
        <p className="muted">none recorded</p>
      ) : (
        <ul className="vulns">
          {a.vulnerabilities.map((v) => (
            <li key={v.cve}>
              <b>{v.cve}</b> {v.exploited && <span className="chip danger">exploited</span>}
              {v.cvss && <div className="mono small">{v.cvss}</div>}
              {v.description && <div className="muted small">{v.description}</div>}
            </li>
          ))}
        </ul>
      )}

      <h3>Services ({services.length})</h3>
      {services.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <ul className="plain">
          {services.map((s) => (
            <li key={s.id}>
              {s.name} <span className="muted mono small">{s.id}</span> <span className={`crit ${s.criticality}`}>{s.criticality}</span>
            </li>
          ))}
        </ul>
      )}

      <h3>Tags ({tags.length})</h3>
      {tags.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <table className="panel-tags">
          <tbody>
            {tags.map((t) => {
              const c = live[t.id]?.current;
              return (
                <tr key={t.id}>
                  <td className="mono small">{t.id}</td>
                  <td className="num">
                    {c ? formatValue(c.value) : '—'} <span className="unit">{t.unit}</span>
                  </td>
                  <td className={c ? `quality ${c.quality}` : 'quality'}>{c?.quality ?? ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
