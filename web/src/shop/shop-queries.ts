import { useQuery } from '@tanstack/react-query';
import { ApiError, apiGet, type Problem } from '../shared/api';
import type {
  CartLine,
  Fulfilment,
  OrderBody,
  OrderPlaced,
  OrderView,
  Quote,
  Shop,
  WithdrawalReceipt,
} from './shop-types';

export const SHOP_KEY = ['public', 'shop'] as const;

/** The shop and its products; a 404 (shop switched off) answers `null`. */
export function useShop() {
  return useQuery({
    queryKey: SHOP_KEY,
    queryFn: async ({ signal }) => {
      try {
        const shop = await apiGet<Shop>('/api/public/shop', signal);
        return shop.enabled ? shop : null;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    staleTime: 30_000,
    retry: false,
  });
}

interface StatementConsent {
  version: number;
  consentTexts: { personal_data: { nl: string; en: string } };
}

/** The consent sentence of the current privacy statement (as the booking page shows it). */
export function useStatementConsent() {
  return useQuery({
    queryKey: ['public', 'privacy-statement'],
    queryFn: ({ signal }) => apiGet<StatementConsent>('/api/public/privacy-statement', signal),
    staleTime: 60_000,
    retry: false,
  });
}

/**
 * A refused shop request. Beside the problem fields it keeps what the shop adds: `code`
 * ('out_of_stock', 'payment_unavailable') and the product ids that ran out.
 */
export class ShopError extends ApiError {
  readonly code: string | undefined;
  readonly productIds: string[];

  constructor(problem: Problem, code?: string, productIds: string[] = []) {
    super(problem);
    this.code = code;
    this.productIds = productIds;
  }

  get outOfStock(): boolean {
    return this.status === 409 && (this.code === 'out_of_stock' || this.productIds.length > 0);
  }

  get paymentUnavailable(): boolean {
    return this.status === 503;
  }
}

function asProblem(body: Record<string, unknown>, response: Response): Problem {
  const errors = Array.isArray(body.errors)
    ? (body.errors as Record<string, unknown>[]).map((e) => ({
        field: String(e.field ?? '').replace(/^body\./, ''),
        message: String(e.message ?? ''),
      }))
    : undefined;
  return {
    type: typeof body.type === 'string' ? body.type : 'about:blank',
    title: typeof body.title === 'string' ? body.title : response.statusText,
    status: response.status,
    detail: typeof body.detail === 'string' ? body.detail : undefined,
    errors,
  };
}

// Not apiPost: a 409 carries `code` and `productIds` beside the problem fields, which ApiError drops.
async function postShop<T>(path: string, body: object): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { accept: 'application/json, application/problem+json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ShopError({ type: 'about:blank', title: 'Network error', status: 0 });
  }
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return answer as T;
  const code = typeof answer.code === 'string' ? answer.code : undefined;
  const productIds = Array.isArray(answer.productIds) ? answer.productIds.map(String) : [];
  throw new ShopError(asProblem(answer, response), code, productIds);
}

export const postQuote = (lines: CartLine[], fulfilment: Fulfilment) =>
  postShop<Quote>('/api/public/shop/quote', { lines, fulfilment });

export const postOrder = (body: OrderBody) => postShop<OrderPlaced>('/api/public/shop/orders', body);

export const lookupOrder = (token: string) =>
  postShop<OrderView>('/api/public/shop/orders/lookup', { token });

export const postWithdrawal = (token: string, lines: { lineId: string; quantity: number }[]) =>
  postShop<WithdrawalReceipt>('/api/public/shop/withdrawals', { token, lines, confirm: true });

export const productImageUrl = (productId: string) =>
  `/api/public/shop/products/${encodeURIComponent(productId)}/image`;
