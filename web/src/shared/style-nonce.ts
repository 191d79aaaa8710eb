// The server replaces __CSP_NONCE__ in index.html per request; Mantine puts it on every <style> it injects.
const PLACEHOLDER = '__CSP_NONCE__';

export function readStyleNonce(): string | undefined {
  const content = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content;
  return content && content !== PLACEHOLDER ? content : undefined;
}

/**
 * Mantine's Modal and Drawer lock scrolling with react-remove-scroll, which injects a <style> of its
 * own; it takes the nonce from this global (the name comes from webpack, but any bundler works).
 */
export function shareStyleNonce(nonce: string | undefined): void {
  if (nonce) (window as Window & { __webpack_nonce__?: string }).__webpack_nonce__ = nonce;
}
