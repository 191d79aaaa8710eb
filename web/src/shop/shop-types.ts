// The webshop's HTTP contract as the pages read it (money in cents, VAT included), generated from the
// server's OpenAPI document (decision 0024).
import type { ApiBody, ApiResponse, Item } from '../shared/api-types';

export type Shop = ApiResponse<'/api/public/shop', 'get'>;
export type ShopProduct = Item<Shop['products']>;

export type OrderBody = ApiBody<'/api/public/shop/orders', 'post'>;
export type CartLine = Item<OrderBody['lines']>;
export type Fulfilment = OrderBody['fulfilment'];
export type PaymentMethod = OrderBody['payment'];
export type Address = NonNullable<OrderBody['address']>;

export type Quote = ApiResponse<'/api/public/shop/quote', 'post'>;
export type OrderPlaced = ApiResponse<'/api/public/shop/orders', 'post'>;
export type OrderView = ApiResponse<'/api/public/shop/orders/lookup', 'post'>;
export type OrderStatus = OrderView['status'];
export type OrderLine = Item<OrderView['lines']>;
export type WithdrawalReceipt = ApiResponse<'/api/public/shop/withdrawals', 'post'>;

export const ORDER_STATUSES = [
  'awaiting_payment',
  'paid',
  'ready_for_pick_up',
  'shipped',
  'completed',
  'cancelled',
  'withdrawn',
] as const satisfies readonly OrderStatus[];

// Staff

export type OrderSummary = Item<ApiResponse<'/api/shop/orders', 'get'>>;
export type StaffOrder = ApiResponse<'/api/shop/orders/{orderId}', 'get'>;
export type StockRow = Item<ApiResponse<'/api/shop/stock', 'get'>>;
export type ShopSettings = ApiResponse<'/api/shop/settings', 'get'>;

/** Payment failed or expired: shown as cancelled, with the reason. */
export function effectiveStatus(order: Pick<OrderView, 'status' | 'cancelReason'>): {
  status: OrderStatus;
  reason: 'payment_failed' | 'expired' | null;
} {
  if (order.status === 'cancelled') {
    const reason = order.cancelReason;
    return {
      status: 'cancelled',
      reason: reason === 'payment_failed' || reason === 'expired' ? reason : null,
    };
  }
  return { status: order.status, reason: null };
}
