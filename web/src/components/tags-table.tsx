import { memo, useEffect, useRef } from 'react';
import type { Tag } from '../api/types';
import { formatValue } from '../state/events';
import { emptyTagLive, type TagLive } from '../state/tag-history';
import { clockTime } from './format';
import { Sparkline } from './sparkline';

interface Props {
  tags: Tag[];
  live: Record<string, TagLive>;
  assetName: (assetId: string) => string;
  onSelectAsset: (assetId: string) => void;
  /** The tag whose trend chart is open. */
  selectedTag: string | null;
  onSelectTag: (tagId: string) => void;
  /** Leave out the time and sparkline columns (the trend chart beside the table shows them). */
  compact?: boolean;
}

const TagRow = memo(function TagRow({ tag, live, selected, compact, assetName, onSelectAsset, onSelectTag }: { tag: Tag; live: TagLive; selected: boolean; compact: boolean } & Pick<Props, 'assetName' | 'onSelectAsset' | 'onSelectTag'>) {
  const c = live.current;
  const row = useRef<HTMLTableRowElement>(null);
  // A chart opened from elsewhere (an alert's tags) brings its row into view.
  useEffect(() => {
    if (selected) row.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  return (
    <tr ref={row} data-testid="tag-row" data-tag={tag.id} className={`tag-row${selected ? ' selected' : ''}`} onClick={() => onSelectTag(tag.id)} title="show its trend">
      <td className="mono" title={tag.id}>
        <button type="button" className="link tag-link" data-testid="tag-open-chart" aria-pressed={selected}>
          {tag.id}
        </button>
      </td>
      <td title={tag.name ?? tag.quantity}>{tag.name ?? tag.quantity}</td>
      <td>
        <button
          type="button"
          className="link"
          onClick={(e) => {
            e.stopPropagation();
            onSelectAsset(tag.asset);
          }}
          title={tag.asset}
        >
          {assetName(tag.asset)}
        </button>
      </td>
      <td className="num" data-testid="tag-value">
        {c ? formatValue(c.value) : '—'} <span className="unit">{tag.unit}</span>
      </td>
      <td className={c ? `quality ${c.quality}` : 'quality'}>{c?.quality ?? ''}</td>
      {!compact && <td className="mono muted">{clockTime(c?.time)}</td>}
      {!compact && (
        <td className="trend">
          <Sparkline values={live.history} />
        </td>
      )}
    </tr>
  );
});

const COLUMNS: readonly [key: string, label: string][] = [
  ['id', 'tag'],
  ['name', 'name'],
  ['asset', 'asset'],
  ['value', 'value'],
  ['quality', 'quality'],
  ['time', 'time'],
  ['trend', 'last 60'],
];

/** Every tag with its latest reading, updated from tag.reading events; a click on a row opens its trend chart. */
export function TagsTable({ tags, live, assetName, onSelectAsset, selectedTag, onSelectTag, compact = false }: Props) {
  const columns = compact ? COLUMNS.slice(0, 5) : COLUMNS;
  return (
    <section className="tags-panel">
      <h2>
        Tags <small className="muted">{tags.length}</small>
      </h2>
      <div className="table-scroll">
        <table className="tags-table" data-testid="tags-table">
          <colgroup>
            {columns.map(([c]) => (
              <col key={c} className={`c-${c}`} />
            ))}
          </colgroup>
          <thead>
            <tr>
              {columns.map(([c, label]) => (
                <th key={c} className={c === 'value' ? 'num' : undefined}>
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tags.map((t) => (
              <TagRow
                key={t.id}
                tag={t}
                live={live[t.id] ?? emptyTagLive}
                selected={t.id === selectedTag}
                assetName={assetName}
                onSelectAsset={onSelectAsset}
                onSelectTag={onSelectTag}
                compact={compact}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
