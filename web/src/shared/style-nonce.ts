// The server replaces __CSP_NONCE__ in index.html per request; Mantine puts it on every <style> it injects.
const PLACEHOLDER = '__CSP_NONCE__';

export function readStyleNonce(): string | undefined {
  const content = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content;
  return content && content !== PLACEHOLDER ? content : undefined;
}
