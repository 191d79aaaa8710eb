import { useEffect, useState } from 'react';

const KEY = 'vellum.shop.order-token';

/** `#token=…` (as the booking links) or the bare `#…` the shop's links carry. */
function tokenFromHash(hash: string): string | undefined {
  const fragment = hash.replace(/^#/, '');
  if (!fragment) return undefined;
  const named = new URLSearchParams(fragment).get('token');
  if (named) return named;
  return /^[A-Za-z0-9_-]{16,}$/.test(fragment) ? fragment : undefined;
}

/**
 * The order's token from the address fragment (it never reaches a server log). Once read it leaves
 * the address bar; the tab keeps it in sessionStorage so a reload of the return page still works.
 */
export function useOrderToken(): string | undefined {
  const [token] = useState(() => {
    const fromHash = tokenFromHash(window.location.hash);
    if (fromHash) {
      try {
        window.sessionStorage.setItem(KEY, fromHash);
      } catch {
        // Without storage a reload loses the token; the e-mail has the link.
      }
      return fromHash;
    }
    try {
      return window.sessionStorage.getItem(KEY) ?? undefined;
    } catch {
      return undefined;
    }
  });
  useEffect(() => {
    if (token && window.location.hash) {
      window.history.replaceState(window.history.state, '', window.location.pathname);
    }
  }, [token]);
  return token;
}

/** Kept for the return page: Mollie sends the buyer back to an address without our fragment. */
export function rememberOrderToken(token: string): void {
  try {
    window.sessionStorage.setItem(KEY, token);
  } catch {
    // The return address from the order itself still carries it.
  }
}
