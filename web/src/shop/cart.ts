import { useCallback, useSyncExternalStore } from 'react';
import type { CartLine, ShopProduct } from './shop-types';

// The cart lives in sessionStorage only: strictly functional (it is gone when the tab closes), no
// cookie, nothing sent to the server until the visitor asks for a quote or places the order.
const KEY = 'vellum.shop.cart';
/** The most of one product an order takes (the server refuses more). */
export const MAX_PER_LINE = 99;
const limit = (available: number) => Math.min(available, MAX_PER_LINE);
const listeners = new Set<() => void>();
let cached: { raw: string | null; lines: CartLine[] } = { raw: null, lines: [] };

function read(): CartLine[] {
  let raw: string | null = null;
  try {
    raw = window.sessionStorage.getItem(KEY);
  } catch {
    raw = null;
  }
  if (raw === cached.raw) return cached.lines;
  let lines: CartLine[] = [];
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (Array.isArray(parsed)) {
      lines = parsed
        .filter(
          (line): line is CartLine =>
            typeof line === 'object' &&
            line !== null &&
            typeof (line as CartLine).productId === 'string' &&
            Number.isInteger((line as CartLine).quantity) &&
            (line as CartLine).quantity > 0,
        )
        .map((line) => ({ productId: line.productId, quantity: line.quantity }));
    }
  } catch {
    lines = [];
  }
  cached = { raw, lines };
  return lines;
}

function write(lines: CartLine[]): void {
  try {
    if (lines.length === 0) window.sessionStorage.removeItem(KEY);
    else window.sessionStorage.setItem(KEY, JSON.stringify(lines));
  } catch {
    // Storage refused (private mode quota): the cart then lasts as long as the page.
  }
  cached = { raw: null, lines: [] };
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The cart, with quantities never above what the shop says is available. */
export function useCart() {
  const lines = useSyncExternalStore(subscribe, read, () => []);

  const setQuantity = useCallback((productId: string, quantity: number, available: number) => {
    const capped = Math.max(0, Math.min(Math.floor(quantity), limit(available)));
    const current = read().filter((line) => line.productId !== productId);
    const index = read().findIndex((line) => line.productId === productId);
    if (capped > 0) current.splice(index < 0 ? current.length : index, 0, { productId, quantity: capped });
    write(current);
  }, []);

  const add = useCallback((product: ShopProduct) => {
    const existing = read().find((line) => line.productId === product.id)?.quantity ?? 0;
    const quantity = Math.min(existing + 1, limit(product.available));
    const others = read().filter((line) => line.productId !== product.id);
    write(quantity > 0 ? [...others, { productId: product.id, quantity }] : others);
  }, []);

  /** Drops unknown products and caps quantities at what is available now. */
  const reconcile = useCallback((products: ShopProduct[]) => {
    const current = read();
    const next = current
      .map((line) => {
        const product = products.find((item) => item.id === line.productId);
        return {
          productId: line.productId,
          quantity: Math.min(line.quantity, limit(product?.available ?? 0)),
        };
      })
      .filter((line) => line.quantity > 0);
    if (JSON.stringify(next) !== JSON.stringify(current)) write(next);
  }, []);

  const clear = useCallback(() => write([]), []);
  const count = lines.reduce((sum, line) => sum + line.quantity, 0);
  return { lines, count, setQuantity, add, reconcile, clear };
}
