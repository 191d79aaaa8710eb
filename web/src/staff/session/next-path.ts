/**
 * Where to go after signing in: the staff page someone asked for before they were sent to sign in.
 * Only a path of this site under /app is followed — never another origin (`//evil.example`,
 * `https://evil.example`, `/\evil.example`), nor a sign-in step itself — so the sign-in page cannot
 * be used as an open redirect. Anything else answers undefined: go to the start page.
 */
export function safeNextPath(value: string | null | undefined, origin: string): string | undefined {
  if (!value || value.length > 2000) return undefined;
  // Only a path: no scheme, no protocol-relative or backslash tricks, no whitespace or control
  // characters the URL parser would silently drop.
  if (!value.startsWith('/') || value.startsWith('//') || /[\\\s\p{Cc}]/u.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return undefined;
  }
  if (url.origin !== new URL(origin).origin) return undefined;
  if (url.pathname !== '/app' && !url.pathname.startsWith('/app/')) return undefined;
  if (/^\/app\/(login|enrol|setup|invitation)(\/|$)/.test(url.pathname)) return undefined;
  return `${url.pathname}${url.search}`;
}

/** The sign-in page's address, remembering the page asked for (if it is one to come back to). */
export function signInPathFor(next: string | undefined, origin: string): string {
  const safe = safeNextPath(next, origin);
  return safe && safe !== '/app' ? `/app/login?next=${encodeURIComponent(safe)}` : '/app/login';
}

/** Carries the remembered page on to the next sign-in step. */
export function withNext(path: string, next: string | undefined): string {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}
