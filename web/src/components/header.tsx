import type { NodeInfo } from '../api/types';
import type { StreamStatus } from '../api/stream';

interface Props {
  node: NodeInfo | null;
  stream: StreamStatus;
}

/** Which twin this is (model, owner domain, node key) and whether the live stream is up. */
export function Header({ node, stream }: Props) {
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
          <span className="header-field" title={node.identity.publicKeyPem}>
            key <b data-testid="node-key-id">{node.identity.keyId}</b> <small>({node.identity.algorithm})</small>
          </span>
          <span className="header-field muted">v{node.version}</span>
        </>
      )}
      <span className={`stream-status ${stream}`} data-testid="stream-status" title="WebSocket /api/stream">
        {stream}
      </span>
    </header>
  );
}
