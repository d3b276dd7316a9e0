import { useState } from 'react';
import { getJson } from '../api/client';
import type { LedgerKey } from '../api/types';
import { verifyInclusionBundle, type Check, type LedgerRecord, type Verdict } from '../ledger/verify';
import { useAction } from '../state/use-action';
import { clockTime } from './format';

interface Result {
  index: number;
  verdict: Verdict;
  key: string;
  /** Where the verifier key came from: the node itself, or the analyst's own copy. */
  keyFrom: 'node' | 'yours';
  bundle: unknown;
}

const mark = (c: Check) => (c.ok === true ? '✓' : c.ok === false ? '✗' : '–');

/**
 * Fetches an entry's inclusion proof and checks it here, with WebCrypto:
 * nothing the node concludes is taken on trust, only its bytes (and its key,
 * unless the analyst pastes their own copy of it).
 */
export function LedgerVerify({ defaultIndex }: { defaultIndex: number | null }) {
  const [index, setIndex] = useState('');
  const [ownKey, setOwnKey] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const { busy, error, run, setError } = useAction();

  const verify = async () => {
    const text = index.trim();
    const i = text === '' ? defaultIndex : Number(text);
    if (i === null || !Number.isSafeInteger(i) || i < 0) {
      setError(text === '' ? 'the ledger is empty: nothing to verify yet' : `"${text}" is not an entry index (0, 1, 2…)`);
      return;
    }
    setResult(null);
    await run(async () => {
      const mine = ownKey.trim();
      const key = mine || (await getJson<LedgerKey>('/api/ledger/key')).verifierKey;
      const bundle = await getJson<unknown>(`/api/ledger/entries/${i}/proof`);
      setResult({ index: i, verdict: await verifyInclusionBundle(bundle, key), key, keyFrom: mine ? 'yours' : 'node', bundle });
    });
  };

  const entry = result && typeof result.bundle === 'object' && result.bundle !== null ? ((result.bundle as { entry?: LedgerRecord }).entry ?? null) : null;
  return (
    <div className="ledger-verify" data-testid="ledger-verify">
      <form
        className="ledger-verify-form"
        onSubmit={(e) => {
          e.preventDefault();
          void verify();
        }}
      >
        <label>
          entry{' '}
          <input
            type="number"
            min={0}
            step={1}
            value={index}
            placeholder={defaultIndex === null ? '' : String(defaultIndex)}
            onChange={(e) => setIndex(e.target.value)}
            data-testid="ledger-verify-index"
            title="Entry index (= event seq - 1); empty: the latest entry under the checkpoint"
          />
        </label>
        <button type="submit" className="small" disabled={busy} data-testid="ledger-verify-run">
          {busy ? 'verifying…' : 'verify in this browser'}
        </button>
      </form>
      <label className="ledger-own-key">
        <span className="muted small">verifier key (empty: the node&apos;s, from GET /api/ledger/key; paste your own copy to trust nothing the node sends)</span>
        <input type="text" className="mono" value={ownKey} onChange={(e) => setOwnKey(e.target.value)} placeholder="origin+keyhash+base64key" spellCheck={false} />
      </label>
      {error && <p className="error">{error}</p>}
      {result && (
        <>
          <p className={`ledger-verdict ${result.verdict.ok ? 'ok' : 'bad'}`} data-testid="ledger-verdict" data-ok={result.verdict.ok}>
            {result.verdict.ok ? '✓ verified' : '✗ NOT verified'}: {result.verdict.reason}
          </p>
          {entry && (
            <p className="muted small" data-testid="ledger-verified-entry">
              entry {result.index}: seq {String(entry.seq)} · {String(entry.type)}
              {entry.subject ? ` · ${String(entry.subject)}` : ''} · {clockTime(String(entry.time))}
              {typeof entry.private === 'string' ? ' · private record' : ''}
            </p>
          )}
          <ul className="ledger-checks" data-testid="ledger-checks">
            {result.verdict.checks.map((c) => (
              <li key={c.id} className={c.ok === true ? 'ok' : c.ok === false ? 'bad' : 'skip'} data-testid="ledger-check" data-check={c.id} data-ok={String(c.ok)}>
                <span className="ledger-mark">{mark(c)}</span>
                <span>
                  {c.label}
                  <span className="ledger-reason mono">{c.reason}</span>
                </span>
              </li>
            ))}
          </ul>
          <p className="muted small">
            key ({result.keyFrom === 'node' ? "the node's: compare it with your own copy" : 'yours'}): <span className="mono break">{result.key}</span>
          </p>
          <details>
            <summary className="muted small">the proof bundle as received</summary>
            <pre className="ledger-note">{JSON.stringify(result.bundle, null, 2)}</pre>
          </details>
        </>
      )}
    </div>
  );
}
