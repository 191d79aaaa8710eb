import { useLocation } from 'react-router';
import { safeNextPath } from './next-path';

/** The page to land on after signing in (`?next=` on the sign-in steps), if it is a safe one. */
export function useNextPath(): string | undefined {
  const { search } = useLocation();
  return safeNextPath(new URLSearchParams(search).get('next'), window.location.origin);
}
