import { useQuery } from '@tanstack/react-query';
import { ApiError, apiGet, apiRequest, type Problem } from '../shared/api';
import type { ApiSchemas } from '../shared/api-types';
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

/** The privacy statement; the form takes its version and consent sentence. */
type StatementConsent = ApiSchemas['PrivacyStatement'];

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

/** A public shop POST: a refusal becomes a ShopError with its `code` and the products it names. */
async function postShop<T>(path: string, body: object): Promise<T> {
  try {
    return await apiRequest<T>(path, { method: 'POST', body, expectUnauthorized: true });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const { extra, errors } = error.problem;
    const problem = {
      ...error.problem,
      errors: errors?.map((e) => ({ ...e, field: e.field.replace(/^body\./, '') })),
    };
    const code = typeof extra?.code === 'string' ? extra.code : undefined;
    const productIds = Array.isArray(extra?.productIds) ? extra.productIds.map(String) : [];
    throw new ShopError(problem, code, productIds);
  }
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
