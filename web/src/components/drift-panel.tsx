import { useMemo, useState } from 'react';
import { primaryAsset, type AssetLookup } from '../state/drift-assets';
import { countByKind } from '../state/drift';
import type { Drift } from '../state/events';
import { DriftRow } from './drift-row';

interface Props {
  /** Newest first. */
  drift: Drift[];
  lookup: AssetLookup;
  selected: string | null;
  onSelect: (assetId: string) => void;
}

/**
 * Where reality departs from the model, newest first, with a count per kind.
 * A count toggles a filter to that kind; a row naming an asset selects it.
 */
export function DriftPanel({ drift, lookup, selected, onSelect }: Props) {
  const [filter, setOnly] = useState<string | null>(null);
  const counts = useMemo(() => countByKind(drift), [drift]);
  // A kind whose findings all fell off the list no longer filters.
  const only = counts.some(([k]) => k === filter) ? filter : null;
  const rows = useMemo(() => drift.filter((d) => only === null || d.kind === only).map((d) => ({ d, asset: primaryAsset(d, lookup) })), [drift, only, lookup]);
  return (
    <section className="drift-panel" data-testid="drift-panel">
      <h2>
        Drift <small className="muted">{drift.length > 0 ? `${drift.length} newest` : 'none seen'}</small>
      </h2>
      {counts.length > 0 && (
        <div className="drift-counts">
          {counts.map(([kind, n]) => (
            <button
              key={kind}
              type="button"
              className={`drift-count kind-${kind}${only === kind ? ' on' : ''}`}
              data-testid="drift-count"
              data-kind={kind}
              aria-pressed={only === kind}
              title={only === kind ? 'show all kinds' : `show only ${kind}`}
              onClick={() => setOnly(only === kind ? null : kind)}
            >
              {kind} <b>{n}</b>
            </button>
          ))}
        </div>
      )}
      <ol className="drift-list">
        {rows.map(({ d, asset }) => (
          <DriftRow key={d.seq} d={d} asset={asset} active={asset !== null && asset === selected} onSelect={onSelect} />
        ))}
      </ol>
    </section>
  );
}
