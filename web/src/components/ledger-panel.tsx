import { useState } from 'react';
import { getJson, postJson } from '../api/client';
import { errorText } from '../api/error-text';
import type { LedgerCheckpoint, LedgerStatus } from '../api/types';
import { clockTime } from './format';
import { LedgerGrowth } from './ledger-growth';
import { LedgerVerify } from './ledger-verify';
import { usePolling } from '../state/use-polling';

/** How often the open panel rereads the ledger: a running node appends many entries a second. */
const REFRESH_MS = 5_000;
/** Checkpoints the growth plot shows (the newest). */
const PLOTTED = 200;

async function readLedger(): Promise<{ status: LedgerStatus; checkpoints: LedgerCheckpoint[] }> {
  const [status, list] = await Promise.all([getJson<LedgerStatus>('/api/ledger'), getJson<{ items: LedgerCheckpoint[] }>(`/api/ledger/checkpoints?limit=${PLOTTED}`)]);
  return { status, checkpoints: list.items };
}

const when = (iso: string | null) => (iso ? <span title={iso}>{clockTime(iso)}</span> : <span className="muted">never</span>);

/**
 * The node's tamper-evident ledger: its latest signed checkpoint and what is
 * not yet signed, signing one now, the log's growth, the witnesses that
 * cosign it and the logs it witnesses, and an entry's proof checked in the
 * browser.
 */
export function LedgerPanel({ onClose }: { onClose: () => void }) {
  const { data, error, reload: load } = usePolling(readLedger, REFRESH_MS);
  const status = data?.status ?? null;
  const checkpoints = data?.checkpoints ?? [];
  const [signing, setSigning] = useState(false);
  const [signed, setSigned] = useState<{ text: string; ok: boolean } | null>(null);

  const sign = async () => {
    const before = status?.checkpoint?.size ?? 0;
    setSigning(true);
    setSigned(null);
    try {
      const cp = await postJson<LedgerCheckpoint>('/api/ledger/checkpoints');
      const cosigned = `${cp.quorum.have} of ${cp.quorum.needed} cosignature${cp.quorum.needed === 1 ? '' : 's'} needed${cp.quorum.met ? ' (quorum met)' : ''}`;
      setSigned({
        ok: true,
        text: cp.size > before ? `signed checkpoint ${cp.size} at ${clockTime(cp.time)}; ${cosigned}` : `the log has not grown since checkpoint ${cp.size}: nothing new to sign`,
      });
    } catch (err) {
      setSigned({ ok: false, text: errorText(err) });
    } finally {
      setSigning(false);
    }
    await load();
  };

  const cp = status?.checkpoint ?? null;
  return (
    <section className="ledger-panel" data-testid="ledger-panel" aria-label="ledger">
      <div className="panel-title">
        <h2>Ledger</h2>
        <button type="button" className="close" aria-label="close" onClick={onClose}>
          ×
        </button>
      </div>
      {error && <p className="error">{error}</p>}
      {!status && !error && <p className="muted">Loading the ledger…</p>}
      {status && (
        <div className="ledger-columns">
          <div>
            <dl className="fields">
              <dt>origin</dt>
              <dd className="mono">{status.origin}</dd>
              <dt>key</dt>
              <dd className="mono break small" title="signed-note verifier key">
                {status.verifierKey}
              </dd>
              <dt>log</dt>
              <dd>
                <b data-testid="ledger-size">{status.size}</b> entries,{' '}
                <b data-testid="ledger-unsigned" className={status.unsigned > 0 ? 'warn-text' : undefined}>
                  {status.unsigned}
                </b>{' '}
                not yet signed
              </dd>
            </dl>

            <h3>Latest checkpoint</h3>
            {cp ? (
              <div data-testid="ledger-checkpoint">
                <dl className="fields">
                  <dt>size</dt>
                  <dd>
                    <b data-testid="ledger-checkpoint-size">{cp.size}</b>
                  </dd>
                  <dt>root</dt>
                  <dd className="mono break small">{cp.root}</dd>
                  <dt>signed</dt>
                  <dd>
                    {when(cp.time)} <span className="muted small">{cp.time}</span>
                  </dd>
                  <dt>quorum</dt>
                  <dd data-testid="ledger-quorum" className={cp.quorum.met ? undefined : 'warn-text'}>
                    {cp.quorum.have} cosigned of {cp.quorum.needed} needed {cp.quorum.met ? '✓' : '(not met)'}
                  </dd>
                </dl>
                <pre className="ledger-note" data-testid="ledger-note">
                  {cp.note}
                </pre>
              </div>
            ) : (
              <p className="muted">No checkpoint has been signed yet.</p>
            )}
            <button type="button" className="small ledger-sign" data-testid="ledger-sign" disabled={signing} onClick={() => void sign()} title="POST /api/ledger/checkpoints: sign the log as it is now and ask the witnesses to cosign">
              {signing ? 'signing…' : 'sign checkpoint now'}
            </button>
            {signed && (
              <p className={signed.ok ? 'muted' : 'error'} data-testid="ledger-sign-result">
                {signed.text}
              </p>
            )}

            <h3>Growth</h3>
            <LedgerGrowth checkpoints={checkpoints} />
            <p className="muted small">
              {checkpoints.length} checkpoint{checkpoints.length === 1 ? '' : 's'}
              {checkpoints.length === PLOTTED ? ` (the newest ${PLOTTED})` : ''}
            </p>
          </div>
          <div>
            <h3>Verify an entry in this browser</h3>
            <LedgerVerify defaultIndex={cp ? cp.size - 1 : status.size > 0 ? status.size - 1 : null} />

            <h3>Witnesses of this log</h3>
            {status.witnesses.length === 0 ? (
              <p className="muted" data-testid="ledger-witnesses">
                None configured (node.ledger.witnesses): no other domain cosigns this log.
              </p>
            ) : (
              <table className="panel-tags ledger-table" data-testid="ledger-witnesses">
                <thead>
                  <tr>
                    <th>witness</th>
                    <th className="num">cosigned</th>
                    <th>at</th>
                    <th>last error</th>
                  </tr>
                </thead>
                <tbody>
                  {status.witnesses.map((w) => (
                    <tr key={w.name} title={w.verifierKey}>
                      <td className="mono">{w.name}</td>
                      <td className="num">{w.cosignedSize ?? '–'}</td>
                      <td>{when(w.cosignedAt)}</td>
                      <td className={w.lastError ? 'error' : 'muted'}>{w.lastError ?? (w.url ? 'none' : 'no URL: cosigns offline')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}

            <h3>Logs this node witnesses</h3>
            <p className="muted small">
              as <span className="mono">{status.witnessing.name}</span>
            </p>
            {status.witnessing.logs.length === 0 ? (
              <p className="muted" data-testid="ledger-witnessing">
                None (node.ledger.witnessFor).
              </p>
            ) : (
              <table className="panel-tags ledger-table" data-testid="ledger-witnessing">
                <thead>
                  <tr>
                    <th>log</th>
                    <th className="num">cosigned size</th>
                    <th>at</th>
                  </tr>
                </thead>
                <tbody>
                  {status.witnessing.logs.map((l) => (
                    <tr key={l.origin}>
                      <td className="mono">{l.origin}</td>
                      <td className="num">{l.size ?? '–'}</td>
                      <td>{when(l.time)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {status.witnessing.refusals.length > 0 && (
              <>
                <h3 className="error">Refusals: checkpoints that contradict a cosigned history</h3>
                <ul className="plain ledger-refusals" data-testid="ledger-refusals">
                  {status.witnessing.refusals.map((r, i) => (
                    <li key={`${r.time}-${i}`}>
                      {when(r.time)} <span className="mono">{r.origin}</span> <span className="chip danger">{r.code}</span> {r.reason}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
