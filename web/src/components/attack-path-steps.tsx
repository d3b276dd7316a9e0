import type { AttackPath } from '../api/types';
import { techniqueUrl } from '../state/alerts';
import { hoursText, percentText } from './format';

interface Props {
  path: AttackPath;
  /** ATT&CK technique names by id (from the report). */
  techniques: Record<string, string>;
  assetName: (id: string) => string;
  onClear: () => void;
}

/** The steps of the path drawn on the topology: from where to what, the ATT&CK technique, effort and odds. */
export function AttackPathSteps({ path, techniques, assetName, onClear }: Props) {
  return (
    <div className="attack-steps" data-testid="attack-steps">
      <div className="panel-sub">
        <b>On the topology:</b>
        <span>
          {percentText(path.probability)} · {hoursText(path.hours)} · from <span className="mono">{path.entry || '?'}</span>
        </span>
        <button type="button" className="small" data-testid="attack-clear" onClick={onClear}>
          clear
        </button>
      </div>
      <table className="panel-tags attack-table">
        <tbody>
          {path.steps.map((s, i) => (
            <tr key={`${i}:${s.step}`} title={s.step}>
              <td className="num">{i + 1}</td>
              <td>
                <span className="mono" title={s.from ? assetName(s.from) : undefined}>
                  {s.from ?? (path.entry || '?')}
                </span>{' '}
                → <span className="mono" title={assetName(s.to)}>{s.to}</span>
              </td>
              <td>
                {s.technique ? (
                  <a className="technique" href={techniqueUrl(s.technique)} target="_blank" rel="noreferrer">
                    {s.technique} {techniques[s.technique] ?? ''}
                  </a>
                ) : (
                  <span className="muted">{s.step.replace(/\(.*$/, '')}</span>
                )}
              </td>
              <td className="num">{hoursText(s.hours)}</td>
              <td className="num">{s.probability.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
