import { useCallback, useEffect, useState } from 'react';
import { getJson } from '../api/client';
import { errorText } from '../api/error-text';

/** GET /api/detectors, as the node serves it. */
export interface DetectorsView {
  groups: DetectionGroupView[];
  off: { detector: string; units: string[]; tags: string[] }[];
}

export interface DetectionGroupView {
  id: string;
  description: string | null;
  tags: string[];
  period: number;
  detectors: string[];
  vote: number;
  running: { version: number; trainedAt: string; rows: number; source: string; members: { name: string; fit: Record<string, number | string> }[] } | null;
  problem: string | null;
  versions: { group: string; version: number; active: boolean; trainedAt: string; rows: number; source: string; members: string[] }[];
}

async function post(path: string, body: unknown): Promise<string | null> {
  try {
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.ok) return null;
    const b = (await res.json().catch(() => null)) as { message?: string } | null;
    return b?.message ?? res.statusText;
  } catch (err) {
    return errorText(err);
  }
}

const fmtFit = (v: number | string) => (typeof v === 'number' ? Number(v.toPrecision(4)).toString() : v);

/**
 * The learned detection groups of this node: which trained version runs with
 * what thresholds, the versions saved, and the two actions an analyst takes:
 * train a new version on the node's own readings (it does not replace the
 * running one unless asked) and activate a saved version.
 */
export function DetectorsPanel({ onClose }: { onClose: () => void }) {
  const [view, setView] = useState<DetectorsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setView(await getJson<DetectorsView>('/api/detectors'));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, []);
  useEffect(() => void load(), [load]);

  const act = async (key: string, path: string, body: unknown, done: string) => {
    setBusy(key);
    setNote(null);
    const problem = await post(path, body);
    // Reload before saying it is done, so the note never states what the panel does not show yet.
    await load();
    setBusy(null);
    setNote(problem ?? done);
  };

  return (
    <section className="detectors-panel" data-testid="detectors-panel" aria-label="learned detectors">
      <div className="panel-title">
        <h2>Learned detectors</h2>
        <button type="button" className="close" aria-label="close" onClick={onClose}>
          ×
        </button>
      </div>
      {error && <p className="error">{error}</p>}
      {note && (
        <p className="muted" data-testid="detectors-note">
          {note}
        </p>
      )}
      {view && view.groups.length === 0 && <p className="muted">The model defines no detection groups (detection.groups).</p>}
      {view?.groups.map((g) => (
        <article key={g.id} className="detector-group" data-testid="detector-group" data-group={g.id}>
          <header>
            <b>{g.id}</b> <span className="muted">{g.detectors.join(' + ')}, vote {g.vote}, every {g.period} s</span>
          </header>
          {g.description && <p className="muted">{g.description}</p>}
          <div className="detector-tags">
            {g.tags.map((t) => (
              <span key={t} className="chip">
                {t}
              </span>
            ))}
          </div>
          {g.running ? (
            <div data-testid="detector-running">
              running <b>v{g.running.version}</b>, trained {g.running.trainedAt.slice(0, 16).replace('T', ' ')} on {g.running.rows} rows ({g.running.source})
              <table className="panel-tags">
                <tbody>
                  {g.running.members.map((m) => (
                    <tr key={m.name}>
                      <td>{m.name}</td>
                      <td className="mono">
                        {Object.entries(m.fit)
                          .map(([k, v]) => `${k} ${fmtFit(v)}`)
                          .join(', ')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="warn-text" data-testid="detector-problem">
              {g.problem}
            </p>
          )}
          {g.versions.length > 0 && (
            <ol className="detector-versions">
              {g.versions.map((v) => (
                <li key={v.version}>
                  v{v.version} · {v.trainedAt.slice(0, 16).replace('T', ' ')} · {v.rows} rows
                  {v.active ? <span className="chip">active</span> : null}
                  {g.running?.version !== v.version && (
                    <button type="button" className="small" disabled={busy !== null} onClick={() => act(`${g.id}:${v.version}`, `/api/detectors/${g.id}/activate`, { version: v.version }, `${g.id}: v${v.version} runs now`)}>
                      {busy === `${g.id}:${v.version}` ? 'activating…' : 'run this version'}
                    </button>
                  )}
                </li>
              ))}
            </ol>
          )}
          <button
            type="button"
            className="small"
            data-testid="detector-train"
            disabled={busy !== null}
            title="Fit the group's detectors on the readings this node has recorded; the running version stays until you run the new one"
            onClick={() => act(`${g.id}:train`, `/api/detectors/${g.id}/train`, {}, `${g.id}: trained a new version on this node's readings`)}
          >
            {busy === `${g.id}:train` ? (
              <>
                training… <progress />
              </>
            ) : (
              "train on this node's readings"
            )}
          </button>
        </article>
      ))}
      {view && view.off.length > 0 && (
        <p className="muted">
          Switched off:{' '}
          {view.off.map((s) => `${s.detector}${s.units.length || s.tags.length ? ` on ${[...s.units, ...s.tags].join(', ')}` : ''}`).join('; ')}
        </p>
      )}
    </section>
  );
}
