import type { Command } from '../state/events';
import { formatValue } from '../state/events';
import { clockTime } from './format';

const SHOWN = 8;

const valueText = (v: unknown): string => (typeof v === 'number' ? formatValue(v) : v === null || v === undefined ? '' : JSON.stringify(v));

/**
 * The asset panel's "Last commands": protocol commands to or from the asset,
 * and whether the model allows them. Each is two lines: who did what, then
 * the tag (or raw address) it touched.
 */
export function AssetCommands({ assetId, commands }: { assetId: string; commands: Command[] }) {
  return (
    <>
      <h3>Last commands ({commands.length})</h3>
      {commands.length === 0 ? (
        <p className="muted">none observed</p>
      ) : (
        <ul className="plain asset-commands" data-testid="asset-commands">
          {commands.slice(0, SHOWN).map((c) => {
            const outgoing = c.fromAsset === assetId && c.toAsset !== assetId;
            const value = valueText(c.value);
            return (
              <li key={c.seq} className="command-row" data-testid="command-row" data-authorized={c.authorized} title={`${c.protocol} ${c.operation}, seq ${c.seq} at ${c.time}`}>
                <span className="mono muted small">{clockTime(c.time)}</span>
                <span className="mono small command-peer" title={outgoing ? `to ${c.toAsset ?? '?'}` : `from ${c.from}`}>
                  {outgoing ? `→ ${c.toAsset ?? '?'}` : `${c.fromAsset ?? c.from} →`}
                </span>
                <span>
                  {c.operation}
                  {value && <b className="command-value"> {value}</b>}
                </span>
                {c.authorized ? <span className="chip">authorized</span> : <span className="chip danger">unauthorized</span>}
                <span className="mono small muted command-target" title={c.address ?? undefined}>
                  {c.protocol} {c.tag ?? c.address ?? ''}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
