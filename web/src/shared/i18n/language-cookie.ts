// The language choice lives in a cookie (never in localStorage/sessionStorage).
export const LANGUAGE_COOKIE = 'vellum_lang';
const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

export function readLanguageCookie(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === LANGUAGE_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export function writeLanguageCookie(language: string): void {
  const secure = window.location.protocol === 'https:' ? '; Secure' : '';
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not yet in every browser clinics use.
  document.cookie = `${LANGUAGE_COOKIE}=${encodeURIComponent(language)}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax${secure}`;
}
