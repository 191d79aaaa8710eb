import { useEffect, useState } from 'react';

/** `#token=…` (as the booking links) or the bare `#…` of the contract's `/shop/order#token`. */
export function tokenFromHash(hash: string): string | undefined {
  const fragment = hash.replace(/^#/, '');
  if (!fragment) return undefined;
  const named = new URLSearchParams(fragment).get('token');
  if (named) return named;
  return /^[A-Za-z0-9_-]{16,}$/.test(fragment) ? fragment : undefined;
}

/**
 * The order's token from the address fragment: it never reaches a server or a log, and it is kept
 * in memory only (no browser storage: it opens the buyer's order). Once read it also leaves the
 * address bar and the history; the e-mails carry the link again.
 */
export function useOrderToken(): string | undefined {
  const [token] = useState(() => tokenFromHash(window.location.hash));
  useEffect(() => {
    if (token && window.location.hash) {
      window.history.replaceState(window.history.state, '', window.location.pathname);
    }
  }, [token]);
  return token;
}
