import { useEffect, useState } from 'react';

/**
 * One value from the address fragment (#code=…, #token=…). The fragment never reaches a server, a
 * proxy or a log; once read, it is also taken out of the address bar and the browser history.
 */
export function useHashValue(name: string): string | undefined {
  const [value] = useState(
    () => new URLSearchParams(window.location.hash.replace(/^#/, '')).get(name) ?? undefined,
  );
  useEffect(() => {
    if (value && window.location.hash) {
      window.history.replaceState(window.history.state, '', window.location.pathname);
    }
  }, [value]);
  return value;
}
