import type { Severity, TechniqueRef } from '../api/types';
import { techniqueUrl } from '../state/alerts';

/** A severity as a coloured chip. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`sev sev-${severity}`} data-testid="alert-severity">
      {severity}
    </span>
  );
}

/** ATT&CK techniques, each linking to MITRE's page; clicks do not reach the row underneath. */
export function TechniqueLinks({ techniques, names = true }: { techniques: readonly TechniqueRef[]; names?: boolean }) {
  if (techniques.length === 0) return null;
  return (
    <span className="techniques">
      {techniques.map((t) => (
        <a
          key={t.id}
          className="technique"
          data-testid="technique-link"
          href={techniqueUrl(t.id)}
          target="_blank"
          rel="noopener noreferrer"
          title={`${t.id} ${t.name} (MITRE ATT&CK)`}
          onClick={(e) => e.stopPropagation()}
        >
          <b>{t.id}</b>
          {names && ` ${t.name}`}
        </a>
      ))}
    </span>
  );
}
