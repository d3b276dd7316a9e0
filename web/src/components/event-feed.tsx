import { memo } from 'react';
import type { TwinEvent } from '../api/types';
import { summarize } from '../state/events';
import { clockTime } from './format';

interface Props {
  /** Newest first. */
  events: TwinEvent[];
  unitOf: (tagId: string) => string;
}

const Row = memo(function Row({ e, unitOf }: { e: TwinEvent; unitOf: (tagId: string) => string }) {
  return (
    <li className={`event-row type-${e.type.replace(/\./g, '-')}`} data-testid="event-row" data-seq={e.seq}>
      <span className="event-time" title={`${e.time} (seq ${e.seq})`}>
        {clockTime(e.time)}
      </span>
      <span className="event-type">{e.type}</span>
      <span className="event-subject">{e.subject ?? ''}</span>
      <span className="event-summary">{summarize(e, unitOf)}</span>
    </li>
  );
});

/** The event log as it grows: newest on top. */
export function EventFeed({ events, unitOf }: Props) {
  return (
    <section className="feed-panel">
      <h2>
        Events <small className="muted">{events.length > 0 ? `newest seq ${events[0]?.seq}, ${events.length} shown` : 'none yet'}</small>
      </h2>
      <ol className="event-feed" data-testid="event-feed">
        {events.map((e) => (
          <Row key={e.seq} e={e} unitOf={unitOf} />
        ))}
      </ol>
    </section>
  );
}
