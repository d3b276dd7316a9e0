import { useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../api/error-text';
import { listScenarios, simulateScenario } from '../api/simulation';
import type { ScenarioFile, ScenarioResult } from '../api/types';
import { useAction } from '../state/use-action';
import { SimulationResults } from './simulation-results';

/** Presets for a model shipped without scenario files: one of each kind that needs no name from the model. */
const BUILT_IN: ScenarioFile[] = [
  {
    file: '',
    name: 'APT campaign',
    kind: 'apt',
    scenario: {
      attack: 1,
      kind: 'apt',
      name: 'APT campaign',
      runs: 1000,
      stages: [
        { tactic: 'initial-access', techniques: ['T0822', 'T0866'] },
        { tactic: 'lateral-movement', techniques: ['T0886', 'T0859', 'T0812'] },
        { tactic: 'impair-process-control', techniques: ['T0855', 'T0843'] },
      ],
      impact: { horizonSeconds: 1800 },
    },
  },
  { file: '', name: 'Ransomware', kind: 'ransomware', scenario: { attack: 1, kind: 'ransomware', name: 'Ransomware', runs: 1000, horizonHours: 168, dwellHours: 4 } },
  { file: '', name: 'Zero-day sweep', kind: 'zero-day', scenario: { attack: 1, kind: 'zero-day', name: 'Zero-day on any single component', sweep: true, runs: 300 } },
];

const asText = (s: ScenarioFile | undefined) => (s ? JSON.stringify(s.scenario, null, 2) : '');

/**
 * The attack panel's simulation section: pick a scenario (the files shipped
 * beside the node's model, else built-in presets), optionally edit it, run
 * it on the node (POST /api/attack/simulate) and look at the plotted result.
 */
export function AttackSimulation() {
  const [presets, setPresets] = useState<ScenarioFile[] | null>(null);
  const [pick, setPick] = useState(0);
  const [text, setText] = useState('');
  const [runs, setRuns] = useState('');
  const [result, setResult] = useState<ScenarioResult | null>(null);
  const { busy, error, run, setError } = useAction();

  useEffect(() => {
    const ac = new AbortController();
    listScenarios(ac.signal)
      .then((l) => l.items)
      .catch(() => [] as ScenarioFile[])
      .then((items) => {
        if (ac.signal.aborted) return;
        const list = items.length ? items : BUILT_IN;
        setPresets(list);
        choose(list, 0);
      });
    return () => ac.abort();
  }, []);

  const choose = (list: ScenarioFile[], i: number) => {
    setPick(i);
    setText(asText(list[i]));
    const r = list[i]?.scenario.runs;
    setRuns(typeof r === 'number' ? String(r) : '');
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let scenario: Record<string, unknown>;
    try {
      scenario = JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      setError(`scenario: not JSON: ${errorText(err)}`);
      return;
    }
    const n = Number(runs);
    setResult((await run(() => simulateScenario({ scenario, ...(runs.trim() && Number.isFinite(n) ? { runs: n } : {}) }))) ?? null);
  };

  return (
    <details className="attack-simulation" data-testid="attack-simulation" aria-label="attack scenario simulation">
      <summary data-testid="sim-open">
        <h3>Simulate a scenario</h3> <span className="muted small">Monte Carlo campaign, ransomware spread, physical impact</span>
      </summary>
      {!presets && <p className="muted small">loading scenarios…</p>}
      {presets && (
        <form className="attack-form sim-form" onSubmit={(e) => void submit(e)}>
          <label>
            scenario{' '}
            <select aria-label="scenario" data-testid="sim-preset" value={pick} onChange={(e) => choose(presets, Number(e.target.value))}>
              {presets.map((p, i) => (
                <option key={`${p.file}:${p.name}`} value={i} data-kind={p.kind}>
                  {p.kind}: {p.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            runs <input type="number" min={1} max={20000} aria-label="runs" data-testid="sim-runs" value={runs} onChange={(e) => setRuns(e.target.value)} />
          </label>
          <button type="submit" className="small" data-testid="sim-run" disabled={busy}>
            {busy ? 'simulating…' : 'simulate'}
          </button>
          <details>
            <summary className="muted small" data-testid="sim-edit">edit the scenario ({presets[pick]?.file || 'built in'})</summary>
            <textarea aria-label="scenario JSON" spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
          </details>
        </form>
      )}
      {error && <p className="error" data-testid="sim-error">{error}</p>}
      {busy && <p className="muted small">running the Monte Carlo campaign{text.includes('"impact"') ? ' and the plant simulator' : ''} on the node…</p>}
      {result && !busy && <SimulationResults result={result} />}
    </details>
  );
}
