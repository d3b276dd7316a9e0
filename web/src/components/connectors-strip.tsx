import type { Connector } from '../api/types';
import { compactName, healthOf } from '../state/connectors';
import { clockTime } from './format';

/** "mqtt:…: connected since 14:32:15 (detail)" then one line per counter, for the chip's tooltip. */
function tooltip(c: Connector): string {
  const head = `${c.name}: ${c.state}${c.since ? ` since ${clockTime(c.since)}` : ''}${c.detail ? ` (${c.detail})` : ''}`;
  const counters = Object.entries(c.counters).map(([k, v]) => `${k}: ${v}`);
  return [head, ...(counters.length ? counters : ['no counters'])].join('\n');
}

/**
 * One chip per link to the field: a dot coloured by state, the name, counters
 * on hover. Connectors the node stopped (left over from an earlier run) keep
 * their chip but show only the dot, so the live ones keep the room.
 */
export function ConnectorsStrip({ connectors }: { connectors: Connector[] }) {
  return (
    <div className="connectors" data-testid="connectors" aria-label="connectors">
      {connectors.map((c) => (
        <span key={c.name} className={`connector ${healthOf(c.state)}${c.state === 'stopped' ? ' quiet' : ''}`} data-testid="connector" data-name={c.name} data-state={c.state} title={tooltip(c)}>
          <i className="connector-dot" />
          <span className="connector-name">{compactName(c.name)}</span>
        </span>
      ))}
    </div>
  );
}
