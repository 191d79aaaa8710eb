import { useEffect, useState } from 'react';

/** Where a link's value is kept once it has left the address bar: this history entry's state. */
const STATE_FIELD = 'vellumLink';

type LinkState = Record<string, string>;

/** How the outbox list shows a token it masks: "…" before the last four characters. */
const MASKED = '…';

/**
 * Reads one value of a link (#code=…, #token=…): from the address fragment when the link was just
 * opened, else from the history entry it was moved to. The fragment never reaches a server, a proxy
 * or a log; once read it is taken out of the address bar (and so out of history and its sync), and
 * kept only in this tab's history entry, so that reloading the page still works while the e-mailed
 * link does — before, a reload found nothing and said the link was used or expired. It is never put
 * in localStorage, sessionStorage or a cookie, and another tab or a new visit starts without it.
 */
export function readLinkValue(
  name: string,
  hash: string,
  state: unknown,
): { value: string | undefined; state: unknown; fromFragment: boolean } {
  const given = new URLSearchParams(hash.replace(/^#/, '')).get(name) ?? undefined;
  // A link copied from the owner's outbox list has its token cut to "…" and its last four
  // characters (outbox.service.ts maskTokens): it can never work, so the page says the link is not
  // complete at once, instead of showing a form that fails only when sent.
  const fromFragment = given && !given.startsWith(MASKED) ? given : undefined;
  const record = isRecord(state) ? state : {};
  const kept = isRecord(record[STATE_FIELD]) ? (record[STATE_FIELD] as LinkState) : {};
  if (fromFragment) {
    return {
      value: fromFragment,
      state: { ...record, [STATE_FIELD]: { ...kept, [name]: fromFragment } },
      fromFragment: true,
    };
  }
  const value = typeof kept[name] === 'string' ? kept[name] : undefined;
  return { value, state, fromFragment: false };
}

/** One value from the link that opened this page (see readLinkValue). */
export function useHashValue(name: string): string | undefined {
  const [read] = useState(() => readLinkValue(name, window.location.hash, window.history.state));
  useEffect(() => {
    if (read.fromFragment) window.history.replaceState(read.state, '', window.location.pathname);
  }, [read]);
  return read.value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
