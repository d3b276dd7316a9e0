import { memo } from 'react';
import type { Drift } from '../state/events';
import { clockTime } from './format';

interface Props {
  d: Drift;
  /** The asset a click selects; null when the finding is about no modelled asset. */
  asset: string | null;
  active: boolean;
  onSelect: (assetId: string) => void;
}

/** One finding: time, kind, subject, message; clickable when it names an asset. */
export const DriftRow = memo(function DriftRow({ d, asset, active, onSelect }: Props) {
  const select = asset ? () => onSelect(asset) : undefined;
  return (
    <li
      className={`drift-row${asset ? ' clickable' : ''}${active ? ' active' : ''}`}
      data-testid="drift-row"
      data-kind={d.kind}
      data-seq={d.seq}
      {...(asset ? { 'data-asset': asset, role: 'button', tabIndex: 0 } : {})}
      onClick={select}
      onKeyDown={select ? (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), select()) : undefined}
      title={asset ? `${d.message}\n(select ${asset})` : d.message}
    >
      <span className="event-time">{clockTime(d.time)}</span>
      <span className={`drift-kind kind-${d.kind}`}>{d.kind}</span>
      <span className="event-subject">{d.subject ?? ''}</span>
      <span className="drift-message">{d.message}</span>
    </li>
  );
});
