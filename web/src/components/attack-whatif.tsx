import { useState, type FormEvent } from 'react';
import type { HardeningPlan } from '../api/types';
import { runWhatIf, type WhatIfQuery, type WhatIfReport } from '../api/whatif';
import { useAction } from '../state/use-action';
import './attack-whatif.css';
import { WhatIfResults } from './whatif-results';

interface Props {
  /** The hardening plan of the analysis shown: its changes are offered as ticks. */
  plan: HardeningPlan | undefined;
  /** The entries typed for that analysis (none: the node's defaults; risk then takes its own) and its goals: the what-if compares the same. */
  entries: string[] | undefined;
  goals: string[];
}

const keyOf = (c: { kind: string; target: string }) => `${c.kind} ${c.target}`;

/**
 * The attack panel's what-if section: tick changes from the hardening plan
 * and/or paste a change set (YAML or JSON, as `twinward whatif` reads), run
 * it on a fork of the node's model (POST /api/attack/whatif), and compare
 * each goal and each owner before and after.
 */
export function AttackWhatIf({ plan, entries, goals }: Props) {
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [text, setText] = useState('');
  const [risk, setRisk] = useState(false);
  const [report, setReport] = useState<WhatIfReport | null>(null);
  const { busy, error, run, setError } = useAction();

  const toggle = (key: string) =>
    setTicked((cur) => {
      const next = new Set(cur);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const changes = (plan?.changes ?? []).filter((c) => ticked.has(keyOf(c))).map((c) => ({ kind: c.kind, target: c.target }));
    if (changes.length === 0 && !text.trim()) {
      setError('tick a change of the hardening plan, or paste a change set');
      return;
    }
    const query: WhatIfQuery = { ...(entries?.length ? { entries } : {}), goals, ...(risk ? { risk: true, runs: 500 } : {}) };
    if (text.trim()) query.changeSet = text;
    if (changes.length) {
      query.changes = changes;
      query.name = 'console selection';
    }
    setReport((await run(() => runWhatIf(query))) ?? null);
  };

  return (
    <details className="attack-whatif" data-testid="attack-whatif">
      <summary>
        <h3>What if…</h3> <span className="muted small">try changes on a copy of the model</span>
      </summary>
      <form onSubmit={submit}>
        {plan && plan.changes.length > 0 && (
          <fieldset className="whatif-plan">
            <legend className="muted small">changes of the hardening plan</legend>
            {plan.changes.map((c) => (
              <label key={keyOf(c)} title={`removes ${c.removes}`}>
                <input type="checkbox" data-testid="whatif-change" data-target={c.target} checked={ticked.has(keyOf(c))} onChange={() => toggle(keyOf(c))} /> {c.kind}{' '}
                <span className="mono">{c.target}</span> <span className="muted small">cost {c.cost}</span>
              </label>
            ))}
          </fieldset>
        )}
        <textarea
          aria-label="change set"
          data-testid="whatif-text"
          placeholder={'paste a change set (YAML or JSON), e.g.\nwhatif: 1\nname: vendor MFA\nchanges:\n  - addMfa: { account: <id> }\n  - patch: { asset: <id>, cve: CVE-… }'}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="whatif-actions">
          <label>
            <input type="checkbox" checked={risk} onChange={(e) => setRisk(e.target.checked)} /> risk per owner (500 runs)
          </label>
          <button type="submit" className="small" data-testid="whatif-run" disabled={busy}>
            {busy ? 'running…' : 'run what-if'}
          </button>
        </div>
      </form>
      {error && (
        <p className="error" data-testid="whatif-error">
          {error}
        </p>
      )}
      {report && <WhatIfResults report={report} />}
    </details>
  );
}
