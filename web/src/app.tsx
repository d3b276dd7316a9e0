import { useCallback, useMemo, useState } from 'react';
import { AssetPanel } from './components/asset-panel';
import { EventFeed } from './components/event-feed';
import { Header } from './components/header';
import { TagsTable } from './components/tags-table';
import { Topology } from './components/topology';
import { useConsole } from './state/use-console';

/** The console's one page: topology left, asset details and events right, tags below. */
export function App() {
  const { snapshot, live, stream, error } = useConsole();
  const [selected, setSelected] = useState<string | null>(null);

  const index = useMemo(() => {
    const assets = new Map((snapshot?.assets ?? []).map((a) => [a.id, a]));
    const tags = new Map((snapshot?.tags ?? []).map((t) => [t.id, t]));
    return { assets, tags };
  }, [snapshot]);
  const unitOf = useCallback((tagId: string) => index.tags.get(tagId)?.unit ?? '', [index]);
  const assetName = useCallback((assetId: string) => index.assets.get(assetId)?.name ?? assetId, [index]);

  const asset = selected ? index.assets.get(selected) : undefined;

  return (
    <div className="app">
      <Header node={snapshot?.node ?? null} stream={stream} />
      {error && <div className="banner">Cannot reach the node ({error}); retrying…</div>}
      {snapshot ? (
        <main className="layout">
          <div className="area-graph">
            <Topology zones={snapshot.zones} conduits={snapshot.conduits} assets={snapshot.assets} status={live.assets} selected={selected} onSelect={setSelected} />
          </div>
          <div className="area-side">
            {asset && (
              <AssetPanel
                asset={asset}
                state={live.assets[asset.id] ?? asset.state}
                zone={snapshot.zones.find((z) => z.id === asset.zone)}
                services={snapshot.services.filter((s) => asset.services.includes(s.id))}
                tags={snapshot.tags.filter((t) => t.asset === asset.id)}
                live={live.tags}
                onClose={() => setSelected(null)}
              />
            )}
            <EventFeed events={live.feed} unitOf={unitOf} />
          </div>
          <div className="area-tags">
            <TagsTable tags={snapshot.tags} live={live.tags} assetName={assetName} onSelectAsset={setSelected} />
          </div>
        </main>
      ) : (
        !error && <div className="loading">Loading the twin…</div>
      )}
    </div>
  );
}
