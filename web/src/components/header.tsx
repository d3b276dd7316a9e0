import type { Connector, NodeInfo } from '../api/types';
import type { StreamStatus } from '../api/stream';
import { ConnectorsStrip } from './connectors-strip';

interface Props {
  node: NodeInfo | null;
  stream: StreamStatus;
  connectors: Connector[];
  /** Opens or closes the learned-detectors panel. */
  onDetectors?: () => void;
  detectorsOpen?: boolean;
  /** Opens or closes the ledger panel. */
  onLedger?: () => void;
  ledgerOpen?: boolean;
  /** Opens or closes the attack-paths panel. */
  onAttack?: () => void;
  attackOpen?: boolean;
  /** Opens or closes the risk-per-owner panel. */
  onRisk?: () => void;
  riskOpen?: boolean;
}

/** Which twin this is (model, owner domain, node key), its links to the field, and whether the live stream is up. */
export function Header({ node, stream, connectors, onDetectors, detectorsOpen, onLedger, ledgerOpen, onAttack, attackOpen, onRisk, riskOpen }: Props) {
  return (
    <header className="header">
      <span className="brand">Twinward console</span>
      {node && (
        <>
          <span className="header-model" title={`model hash ${node.model.hash}`} data-testid="model-name">
            {node.model.name}
          </span>
          <span className="header-field">
            domain <b data-testid="node-domain">{node.domain}</b>
          </span>
          <span className="header-field" title={`${node.identity.algorithm}\n${node.identity.publicKeyPem}`}>
            key <b data-testid="node-key-id">{node.identity.keyId}</b>
          </span>
          <span className="header-field muted">v{node.version}</span>
        </>
      )}
      <ConnectorsStrip connectors={connectors} />
      {onDetectors && (
        <button type="button" className={`header-button${detectorsOpen ? ' on' : ''}`} data-testid="open-detectors" aria-pressed={detectorsOpen} onClick={onDetectors}>
          detectors
        </button>
      )}
      {onLedger && (
        <button type="button" className={`header-button${ledgerOpen ? ' on' : ''}`} data-testid="open-ledger" aria-pressed={ledgerOpen} onClick={onLedger}>
          ledger
        </button>
      )}
      {onAttack && (
        <button type="button" className={`header-button${attackOpen ? ' on' : ''}`} data-testid="open-attack" aria-pressed={attackOpen} onClick={onAttack}>
          attack paths
        </button>
      )}
      {onRisk && (
        <button type="button" className={`header-button${riskOpen ? ' on' : ''}`} data-testid="open-risk" aria-pressed={riskOpen} onClick={onRisk}>
          risk
        </button>
      )}
      <span className={`stream-status ${stream}`} data-testid="stream-status" title="WebSocket /api/stream">
        {stream}
      </span>
    </header>
  );
}
