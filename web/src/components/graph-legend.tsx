import { ATTACK_COLOR, DRIFT_COLOR, FAMILY_LOOK, SEVERITY_COLOR, STATUS_COLOR } from '../graph/asset-kinds';

const STATUS_KEYS: [string, string][] = [
  ['unknown', STATUS_COLOR.unknown ?? '#7d8590'],
  ['online', STATUS_COLOR.online ?? '#2ecc71'],
  ['offline / lost', STATUS_COLOR.offline ?? '#e5484d'],
];

/** Key to the topology's fills (asset family), borders (live status), drift and alert marks, and the attack path when one is drawn. */
export function GraphLegend({ attack = false }: { attack?: boolean }) {
  return (
    <div className="graph-legend" aria-label="legend">
      {Object.entries(FAMILY_LOOK)
        .filter(([family]) => family !== 'other')
        .map(([family, look]) => (
          <span key={family} className="legend-item">
            <i className="legend-swatch" style={{ background: look.color }} />
            {look.label}
          </span>
        ))}
      <span className="legend-sep" />
      {STATUS_KEYS.map(([label, color]) => (
        <span key={label} className="legend-item">
          <i className="legend-ring" style={{ borderColor: color }} />
          {label}
        </span>
      ))}
      <span className="legend-sep" />
      <span className="legend-item">
        <i className="legend-halo" style={{ outlineColor: DRIFT_COLOR }} />
        drift, last 5 min
      </span>
      <span className="legend-item">
        <i className="legend-dash" style={{ borderTopColor: DRIFT_COLOR }} />
        flow not allowed
      </span>
      <span className="legend-sep" />
      <span className="legend-item" title="assets with alerts in the last 15 minutes, coloured by the highest severity">
        <i className="legend-glow" style={{ background: SEVERITY_COLOR.critical }} />▲ open alerts, last 15 min
      </span>
      {attack && (
        <>
          <span className="legend-sep" />
          <span className="legend-item" title="the path chosen in the attack panel: step numbers and ATT&CK techniques on each asset">
            <i className="legend-dash" style={{ borderTopColor: ATTACK_COLOR, borderTopStyle: 'solid', borderTopWidth: 3 }} />⚔ attack path
          </span>
        </>
      )}
    </div>
  );
}
