import { useMemo } from 'react';
import { groupDrift } from '../state/drift';
import type { Drift } from '../state/events';
import { clockTime } from './format';

/** Distinct findings shown per asset; the drift panel has the rest. */
const SHOWN = 5;

/** The asset panel's "Drift" section: the newest distinct findings that involve the asset, repeats counted. */
export function AssetDrift({ drift }: { drift: Drift[] }) {
  const groups = useMemo(() => groupDrift(drift), [drift]);
  return (
    <>
      <h3>Drift ({drift.length})</h3>
      {groups.length === 0 ? (
        <p className="muted">none recently</p>
      ) : (
        <ul className="plain asset-drift" data-testid="asset-drift">
          {groups.slice(0, SHOWN).map(({ latest: d, count }) => (
            <li key={d.seq} data-testid="asset-drift-row" data-kind={d.kind} title={d.message}>
              <span className="mono muted small">{clockTime(d.time)}</span> <span className={`drift-kind kind-${d.kind}`}>{d.kind}</span>
              {count > 1 && <span className="repeat"> ×{count}</span>}
              <div className="small drift-text">{d.message}</div>
            </li>
          ))}
          {groups.length > SHOWN && <li className="muted small">{groups.length - SHOWN} more in the drift panel</li>}
        </ul>
      )}
    </>
  );
}
