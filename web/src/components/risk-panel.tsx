import { useState, type FormEvent } from 'react';
import { assessRisk, riskState } from '../api/client';
import type { RiskQuery, RiskReport } from '../api/types';
import { useAction } from '../state/use-action';
import { usePolling } from '../state/use-polling';
import { clockTime, namesIn } from './format';
import { AssetsAtRisk, OwnerPosture, ServicesAtRisk } from './risk-lists';
import { RiskTrend } from './risk-trend';
import './risk-panel.css';

/** How often the open panel rereads the node's risk: it moves only when the model or the network does. */
const REFRESH_MS = 5_000;

const numberOr = (text: string) => (text.trim() === '' ? undefined : Number(text));

/**
 * Risk per owner (GET /api/risk): each domain's posture and expected loss,
 * the services at risk (also those failing only through another owner's
 * service) and assets, and the posture of each owner over time as the
 * twin's model and observed network change. A custom assessment (POST
 * /api/risk) replaces the node's latest until "back to live".
 */
export function RiskPanel({ onClose, onSelectAsset }: { onClose: () => void; onSelectAsset?: (id: string) => void }) {
  const [custom, setCustom] = useState<RiskReport | null>(null);
  // A custom report replaces the node's latest: nothing to reread until "back to live".
  const { data: state, error: pollError, at: now } = usePolling(riskState, REFRESH_MS, custom === null);
  const { busy, error: submitError, run } = useAction();
  const [form, setForm] = useState({ horizon: '', runs: '', seed: '', entries: '' });
  const error = submitError ?? pollError;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const query: RiskQuery = { horizonHours: numberOr(form.horizon), runs: numberOr(form.runs), seed: numberOr(form.seed), entries: namesIn(form.entries) };
    const report = await run(() => assessRisk(Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)))));
    if (report) setCustom(report);
  };

  const report = custom ?? state?.latest ?? null;
  const last = state?.history[state.history.length - 1];
  const field = (key: keyof typeof form, label: string, placeholder: string, width = 60) => (
    <label className="small">
      {label}{' '}
      <input data-testid={`risk-${key}`} style={{ width }} value={form[key]} placeholder={placeholder} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </label>
  );

  return (
    <section className="risk-panel" data-testid="risk-panel" aria-label="risk per owner">
      <div className="panel-title">
        <h2>Risk per owner</h2>
        <button type="button" className="close" aria-label="close" onClick={onClose}>
          ×
        </button>
      </div>
      <form className="risk-form" onSubmit={(e) => void submit(e)}>
        {field('horizon', 'horizon h', '720')}
        {field('runs', 'runs', '2000')}
        {field('seed', 'seed', '1', 44)}
        {field('entries', 'from', 'internet, phishing:<asset>…', 180)}
        <button type="submit" className="small" data-testid="risk-assess" disabled={busy}>
          {busy ? 'assessing…' : 'assess'}
        </button>
        {custom && (
          <button type="button" className="small" data-testid="risk-live" onClick={() => setCustom(null)}>
            back to live
          </button>
        )}
      </form>
      {error && <p className="error" data-testid="risk-error">{error}</p>}
      {!report && !error && <p className="muted">{state?.pending ? 'The node is assessing its risk…' : 'Loading…'}</p>}
      {report && (
        <p className="muted small" data-testid="risk-source">
          {custom ? 'custom assessment' : `live: after ${last ? `${last.reason} at ${clockTime(last.time)}` : 'start'}${state?.pending ? ' (reassessing…)' : ''}`} · {report.runs} runs, seed {report.seed},
          within {report.horizonHours} h from {report.entries.length} entr{report.entries.length === 1 ? 'y' : 'ies'} · total expected loss {report.totalExpectedLoss.toFixed(1)}
          {state && state.observedFlows > 0 ? ` · ${state.observedFlows} flow(s) outside the conduits included` : ''}
        </p>
      )}
      {report && (
        <div className="risk-columns">
          <div>
            <h3>Posture of each owner</h3>
            <OwnerPosture domains={report.domains} />
            <h3>Posture over time</h3>
            <RiskTrend history={state?.history ?? []} now={now} />
          </div>
          <div>
            <h3>Services at risk</h3>
            <ServicesAtRisk services={report.services} />
            <h3>Assets at risk</h3>
            <AssetsAtRisk assets={report.assets} onSelectAsset={onSelectAsset} />
          </div>
        </div>
      )}
      {report && (
        <details className="risk-method">
          <summary className="small">how these numbers are computed</summary>
          <p className="small">{report.method}</p>
        </details>
      )}
    </section>
  );
}
