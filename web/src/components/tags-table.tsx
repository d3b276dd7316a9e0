import { memo } from 'react';
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
}

const TagRow = memo(function TagRow({ tag, live, assetName, onSelectAsset }: { tag: Tag; live: TagLive } & Pick<Props, 'assetName' | 'onSelectAsset'>) {
  const c = live.current;
  return (
    <tr data-testid="tag-row" data-tag={tag.id}>
      <td className="mono" title={tag.id}>
        {tag.id}
      </td>
      <td title={tag.name ?? tag.quantity}>{tag.name ?? tag.quantity}</td>
      <td>
        <button type="button" className="link" onClick={() => onSelectAsset(tag.asset)} title={tag.asset}>
          {assetName(tag.asset)}
        </button>
      </td>
      <td className="num" data-testid="tag-value">
        {c ? formatValue(c.value) : '—'} <span className="unit">{tag.unit}</span>
      </td>
      <td className={c ? `quality ${c.quality}` : 'quality'}>{c?.quality ?? ''}</td>
      <td className="mono muted">{clockTime(c?.time)}</td>
      <td className="trend">
        <Sparkline values={live.history} />
      </td>
    </tr>
  );
});

/** Every tag with its latest reading, updated from tag.reading events. */
export function TagsTable({ tags, live, assetName, onSelectAsset }: Props) {
  return (
    <section className="tags-panel">
      <h2>
        Tags <small className="muted">{tags.length}</small>
      </h2>
      <div className="table-scroll">
        <table className="tags-table" data-testid="tags-table">
          <colgroup>
            {['id', 'name', 'asset', 'value', 'quality', 'time', 'trend'].map((c) => (
              <col key={c} className={`c-${c}`} />
            ))}
          </colgroup>
          <thead>
            <tr>
              <th>tag</th>
              <th>name</th>
              <th>asset</th>
              <th className="num">value</th>
              <th>quality</th>
              <th>time</th>
              <th>last 60</th>
            </tr>
          </thead>
          <tbody>
            {tags.map((t) => (
              <TagRow key={t.id} tag={t} live={live[t.id] ?? emptyTagLive} assetName={assetName} onSelectAsset={onSelectAsset} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
