import { useCallback, useMemo, useState } from 'react';
import { AssetCommands } from './components/asset-commands';
import { AssetDrift } from './components/asset-drift';
import { AssetPanel } from './components/asset-panel';
import { DriftPanel } from './components/drift-panel';
import { EventFeed } from './components/event-feed';
import { Header } from './components/header';
import { TagsTable } from './components/tags-table';
import { Topology } from './components/topology';
import { commandInvolves, involvedAssets, recentDriftAssets, type AssetLookup } from './state/drift-assets';
import { flowDriftOverlay } from './state/flow-drift';
import { useConsole } from './state/use-console';
import { useNow } from './state/use-now';

/** The console's one page: topology left, asset details, drift and events right, tags below. */
export function App() {
  const { snapshot, live, stream, error } = useConsole();
  const [selected, setSelected] = useState<string | null>(null);
  const now = useNow();

  const index = useMemo(() => {
    const assets = new Map((snapshot?.assets ?? []).map((a) => [a.id, a]));
    const tags = new Map((snapshot?.tags ?? []).map((t) => [t.id, t]));
    return { assets, tags };
  }, [snapshot]);
  const lookup = useMemo<AssetLookup>(() => ({ isAsset: (id) => index.assets.has(id), assetOfTag: (id) => index.tags.get(id)?.asset }), [index]);
  const unitOf = useCallback((tagId: string) => index.tags.get(tagId)?.unit ?? '', [index]);
  const assetName = useCallback((assetId: string) => index.assets.get(assetId)?.name ?? assetId, [index]);

  const drifting = useMemo(() => recentDriftAssets(live.drift, now, lookup), [live.drift, now, lookup]);
  const flowDrift = useMemo(() => flowDriftOverlay(live.drift, snapshot?.conduits ?? []), [live.drift, snapshot]);

  const asset = selected ? index.assets.get(selected) : undefined;
  const assetDrift = useMemo(() => (asset ? live.drift.filter((d) => involvedAssets(d, lookup).includes(asset.id)) : []), [asset, live.drift, lookup]);
  const assetCommands = useMemo(() => (asset ? live.commands.filter((c) => commandInvolves(c, asset.id, lookup)) : []), [asset, live.commands, lookup]);

  return (
    <div className="app">
      <Header node={snapshot?.node ?? null} stream={stream} connectors={live.connectors} />
      {error && <div className="banner">Cannot reach the node ({error}); retrying…</div>}
      {snapshot ? (
        <main className="layout">
          <div className="area-graph">
            <Topology
              zones={snapshot.zones}
              conduits={snapshot.conduits}
              assets={snapshot.assets}
              status={live.assets}
              selected={selected}
              onSelect={setSelected}
              drifting={drifting}
              flowDrift={flowDrift}
            />
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
              >
                <AssetDrift drift={assetDrift} />
                <AssetCommands assetId={asset.id} commands={assetCommands} />
              </AssetPanel>
            )}
            <DriftPanel drift={live.drift} lookup={lookup} selected={selected} onSelect={setSelected} />
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
