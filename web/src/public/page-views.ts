import { useEffect } from 'react';
import { useLocation } from 'react-router';

/**
 * Counts a view of each page of the public site for the owner's website statistics (Cijfers →
 * Website). Anonymous: only the path is sent — never the query or the hash, where one-time links
 * keep their tokens — and the server keeps counts per day, no cookie. Counting must never get in a
 * visitor's way, so a failure is ignored.
 */
export function usePageViews(): void {
  const { pathname } = useLocation();
  useEffect(() => {
    void fetch('/api/public/stats/view', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: pathname.slice(0, 200) }),
      keepalive: true,
    }).catch(() => {});
  }, [pathname]);
}
