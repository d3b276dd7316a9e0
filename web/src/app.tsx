import { useCallback, useMemo, useState } from 'react';
import type { Alert, AttackPath } from './api/types';
import { ALERT_DETAILS_WIDTH, AlertDetails } from './components/alert-details';
import { AlertsPanel } from './components/alerts-panel';
import { AssetAlerts } from './components/asset-alerts';
import { AssetCommands } from './components/asset-commands';
import { AssetDrift } from './components/asset-drift';
import { AssetPanel } from './components/asset-panel';
import { AttackPanel } from './components/attack-panel';
import { DetectorsPanel } from './components/detectors-panel';
import { DriftPanel } from './components/drift-panel';
import { EventFeed } from './components/event-feed';
import { Header } from './components/header';
import { LedgerPanel } from './components/ledger-panel';
import { RiskPanel } from './components/risk-panel';
import { TagChart } from './components/tag-chart';
import { TagsTable } from './components/tags-table';
import { Topology } from './components/topology';
import { openAlertAssets } from './state/alerts';
import { attackPathOverlay } from './state/attack-path';
import { commandInvolves, involvedAssets, recentDriftAssets, type AssetLookup } from './state/drift-assets';
import { flowDriftOverlay } from './state/flow-drift';
import { useConsole } from './state/use-console';
import { emptyTagLive } from './state/tag-history';
import { useNow } from './state/use-now';

/**
 * The console's one page: topology left (an alert's details over it), the
 * asset, alerts, drift and events right, tags below with the trend chart of
 * the tag picked there. The attack-paths panel takes the right column while
 * open, and draws the path picked there on the topology.
 */
export function App() {
  const { snapshot, live, stream, error } = useConsole();
  const [selected, setSelected] = useState<string | null>(null);
  const [alert, setAlert] = useState<Alert | null>(null);
  const [chartTag, setChartTag] = useState<string | null>(null);
  /** The panel opened from the header over the topology: one at a time, they share its left side. */
  const [overlay, setOverlay] = useState<'detectors' | 'ledger' | 'risk' | null>(null);
  const toggleOverlay = useCallback((p: 'detectors' | 'ledger' | 'risk') => setOverlay((cur) => (cur === p ? null : p)), []);
  const closeOverlay = useCallback(() => setOverlay(null), []);
  /** The attack-paths panel takes the side column; the path picked there is drawn on the topology. */
  const [attackOpen, setAttackOpen] = useState(false);
  const [attackPath, setAttackPath] = useState<AttackPath | null>(null);
  const toggleAttack = useCallback(() => {
    setAttackOpen((open) => !open);
    setAttackPath(null);
  }, []);
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
  const alerting = useMemo(() => openAlertAssets(live.alerts, now), [live.alerts, now]);
  const isTag = useCallback((id: string) => index.tags.has(id), [index]);
  const attackOverlay = useMemo(() => (attackPath ? attackPathOverlay(attackPath, (id) => index.assets.has(id)) : null), [attackPath, index]);

  /** Opens an alert's details and selects the asset it is mainly about, so the graph and the asset panel follow. */
  const selectAlert = useCallback(
    (a: Alert) => {
      setAlert(a);
      const primary = a.assets.find((id) => index.assets.has(id));
      if (primary) setSelected(primary);
    },
    [index],
  );
  const toggleChart = useCallback((id: string) => setChartTag((cur) => (cur === id ? null : id)), []);
  const chart = chartTag ? index.tags.get(chartTag) : undefined;

  const asset = selected ? index.assets.get(selected) : undefined;
  const assetDrift = useMemo(() => (asset ? live.drift.filter((d) => involvedAssets(d, lookup).includes(asset.id)) : []), [asset, live.drift, lookup]);
  const assetCommands = useMemo(() => (asset ? live.commands.filter((c) => commandInvolves(c, asset.id, lookup)) : []), [asset, live.commands, lookup]);
  const assetAlerts = useMemo(() => (asset ? live.alerts.filter((a) => a.assets.includes(asset.id)) : []), [asset, live.alerts]);

  return (
    <div className="app">
      <Header
        node={snapshot?.node ?? null}
        stream={stream}
        connectors={live.connectors}
        onDetectors={() => toggleOverlay('detectors')}
        detectorsOpen={overlay === 'detectors'}
        onLedger={() => toggleOverlay('ledger')}
        ledgerOpen={overlay === 'ledger'}
        onAttack={toggleAttack}
        attackOpen={attackOpen}
        onRisk={() => toggleOverlay('risk')}
        riskOpen={overlay === 'risk'}
      />
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
              alerting={alerting}
              attackPath={attackOverlay}
              coveredRight={alert ? ALERT_DETAILS_WIDTH : 0}
            />
            {overlay === 'detectors' && <DetectorsPanel onClose={closeOverlay} />}
            {overlay === 'ledger' && <LedgerPanel onClose={closeOverlay} />}
            {overlay === 'risk' && <RiskPanel onClose={closeOverlay} onSelectAsset={setSelected} />}
            {alert && (
              <AlertDetails
                alert={alert}
                incident={live.incidents.find((i) => i.id === alert.incident)}
                assetName={assetName}
                isTag={isTag}
                onSelectAsset={setSelected}
                onSelectTag={setChartTag}
                onClose={() => setAlert(null)}
              />
            )}
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
                <AssetAlerts alerts={assetAlerts} selected={alert?.id ?? null} onSelect={selectAlert} />
                <AssetDrift drift={assetDrift} />
                <AssetCommands assetId={asset.id} commands={assetCommands} />
              </AssetPanel>
            )}
            {attackOpen ? (
              <AttackPanel selected={attackPath} onSelectPath={setAttackPath} onSelectAsset={setSelected} assetName={assetName} onClose={toggleAttack} />
            ) : (
              <>
                <AlertsPanel alerts={live.alerts} incidents={live.incidents} selected={alert?.id ?? null} onSelect={selectAlert} assetName={assetName} />
                <DriftPanel drift={live.drift} lookup={lookup} selected={selected} onSelect={setSelected} />
                <EventFeed events={live.feed} unitOf={unitOf} />
              </>
            )}
          </div>
          <div className={`area-tags${chart ? ' with-chart' : ''}`}>
            <TagsTable tags={snapshot.tags} live={live.tags} assetName={assetName} onSelectAsset={setSelected} selectedTag={chart?.id ?? null} onSelectTag={toggleChart} compact={chart !== undefined} />
            {chart && (
              <TagChart
                key={chart.id}
                tag={chart}
                live={live.tags[chart.id] ?? emptyTagLive}
                alerts={live.alerts}
                selectedAlert={alert?.id ?? null}
                onSelectAlert={selectAlert}
                onClose={() => setChartTag(null)}
              />
            )}
          </div>
        </main>
      ) : (
        !error && <div className="loading">Loading the twin…</div>
      )}
    </div>
  );
}
