import type { Tag } from '../../model/index.js';
import type { TagValue } from '../../twin/index.js';
import { getJson } from '../api-client.js';
import { EXIT, type Output } from '../output.js';
import { table } from '../text-table.js';

/** `twinward tags`: every tag of a running node with its current value, quality and age. */
export async function tagsCommand(opts: { api: string; asset?: string; json?: boolean }, io: Output): Promise<number> {
  const q = opts.asset ? `?asset=${encodeURIComponent(opts.asset)}` : '';
  const { items } = await getJson<{ items: (Tag & { current: TagValue | null })[] }>(opts.api, `/api/tags${q}`);
  if (opts.json) {
    io.out(JSON.stringify(items, null, 2));
    return EXIT.ok;
  }
  const now = Date.now();
  const rows = items.map((t) => [
    t.id,
    t.asset,
    t.current ? `${Number(t.current.value.toPrecision(6))} ${t.unit}` : '-',
    t.current?.quality ?? '-',
    t.current ? `${Math.max(0, Math.round((now - Date.parse(t.current.time)) / 1000))}s ago` : 'never',
  ]);
  table(io, ['tag', 'asset', 'value', 'quality', 'updated'], rows);
  return EXIT.ok;
}
