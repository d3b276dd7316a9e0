import type { RiskReport } from '../api/types';
import { postureBand } from '../state/risk-trend';
import { hoursText, percentText } from './format';

/** Services and assets listed (the most expected loss first); the API has them all. */
const SHOWN = { services: 12, assets: 8 };

/** Each owner's posture as a bar (0-100, filled for what is safe), with its expected loss of the most it could lose. */
export function OwnerPosture({ domains }: { domains: RiskReport['domains'] }) {
  return (
    <ul className="risk-owners" data-testid="risk-owners">
      {domains.map((d) => (
        <li key={d.domain} data-testid="risk-owner" data-domain={d.domain} data-posture={d.posture.toFixed(1)}>
          <div className="risk-owner-head">
            <b>{d.domain}</b>
            <span className="muted small num">
              loss {d.expectedLoss.toFixed(1)} of {d.maximumLoss.toFixed(1)}
            </span>
          </div>
          <div className="risk-bar" title={`posture ${d.posture.toFixed(1)} = 100 × (1 − ${d.expectedLoss.toFixed(2)} / ${d.maximumLoss.toFixed(2)})`}>
            <div className={`risk-bar-fill ${postureBand(d.posture)}`} style={{ width: `${d.posture}%` }} />
            <span className="risk-bar-label">{d.posture.toFixed(0)}</span>
          </div>
          {d.topRisks[0] && <div className="muted small">{d.topRisks[0]}</div>}
        </li>
      ))}
    </ul>
  );
}

/**
 * Services that can go down, each with its outage chance split into what
 * its own hosts cause and what comes only through a dependency (often
 * another owner's service), and the loss it puts on its owner.
 */
export function ServicesAtRisk({ services }: { services: RiskReport['services'] }) {
  const down = services.filter((s) => s.probability > 0);
  if (down.length === 0) return <p className="muted">No service goes down within the horizon.</p>;
  return (
    <>
      <table className="risk-table" data-testid="risk-services">
        <thead>
          <tr>
            <th>service</th>
            <th>owner</th>
            <th>outage</th>
            <th className="num">loss</th>
          </tr>
        </thead>
        <tbody>
          {down.slice(0, SHOWN.services).map((s) => {
            const viaDep = s.probability * s.throughDependency;
            return (
              <tr key={s.service} data-testid="risk-service" data-service={s.service} data-through-dependency={s.throughDependency > 0 ? 'yes' : 'no'}>
                <td>
                  <span className="mono">{s.service}</span> <span className={`sev sev-${s.criticality}`}>{s.criticality}</span>
                </td>
                <td className="small">{s.domain}</td>
                <td>
                  <div className="risk-split" title={`own hosts ${percentText(s.probability - viaDep)}, only through dependencies ${percentText(viaDep)}${s.p50Hours !== undefined ? `; median ${hoursText(s.p50Hours)}` : ''}`}>
                    <i className="own" style={{ width: `${(s.probability - viaDep) * 100}%` }} />
                    <i className="dep" style={{ width: `${viaDep * 100}%` }} />
                  </div>
                  <span className="small num">{percentText(s.probability)}</span>
                  {s.throughDependency > 0 && (
                    <span className="risk-dep-tag" data-testid="through-dependency">
                      {s.throughDependency >= 0.995 ? 'through dependency' : `${percentText(s.throughDependency)} through dependency`}
                    </span>
                  )}
                </td>
                <td className="num">{s.expectedLoss.toFixed(1)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {down.length > SHOWN.services && <p className="muted small">… and {down.length - SHOWN.services} more</p>}
    </>
  );
}

/** Assets an attacker takes within the horizon, the most expected loss first. */
export function AssetsAtRisk({ assets, onSelectAsset }: { assets: RiskReport['assets']; onSelectAsset?: (id: string) => void }) {
  const taken = assets.filter((a) => a.probability > 0);
  if (taken.length === 0) return <p className="muted">No asset is compromised within the horizon.</p>;
  return (
    <table className="risk-table" data-testid="risk-assets">
      <thead>
        <tr>
          <th>asset</th>
          <th>owner</th>
          <th className="num">compromise</th>
          <th className="num">median</th>
          <th className="num">loss</th>
        </tr>
      </thead>
      <tbody>
        {taken.slice(0, SHOWN.assets).map((a) => (
          <tr key={a.asset} data-testid="risk-asset">
            <td>
              <button type="button" className="link mono" onClick={() => onSelectAsset?.(a.asset)}>
                {a.asset}
              </button>{' '}
              <span className={`sev sev-${a.criticality}`}>{a.criticality}</span>
            </td>
            <td className="small">{a.domain}</td>
            <td className="num">{percentText(a.probability)}</td>
            <td className="num">{a.p50Hours !== undefined ? hoursText(a.p50Hours) : '-'}</td>
            <td className="num">{a.expectedLoss.toFixed(1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
