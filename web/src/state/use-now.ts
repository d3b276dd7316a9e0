import { useEffect, useState } from 'react';

/** The wall clock (ms), refreshed every `everyMs`: for views that age out ("drift in the last 5 minutes"). */
export function useNow(everyMs = 10_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
