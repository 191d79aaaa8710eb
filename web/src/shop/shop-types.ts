// The webshop's HTTP contract as the pages read it (money in cents, VAT included).

export interface ShopProduct {
  id: string;
  name: string;
  brand: string;
  description: string;
  priceCents: number;
  vatRatePercent: number;
  hasImage: boolean;
  available: number;
  soldOut: boolean;
  hygiene: boolean;
}

export interface Shop {
  enabled: boolean;
  onlinePayment: boolean;
  shippingCents: number;
  withdrawalDays: number;
  hygieneSealExcluded: boolean;
  /** The privacy statement's version the consent refers to (sent back as it came). */
  statementVersion: string | number;
  products: ShopProduct[];
}

export type Fulfilment = 'pick_up' | 'delivery';
export type PaymentMethod = 'online' | 'at_pick_up';

export interface CartLine {
  productId: string;
  quantity: number;
}

export interface Quote {
  lines: {
    productId: string;
    name: string;
    quantity: number;
    unitPriceCents: number;
    totalCents: number;
    vatRatePercent: number;
  }[];
  shippingCents: number;
  totalCents: number;
  vat: { ratePercent: number; vatCents: number }[];
}

export interface Address {
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
  country: string;
}

export interface OrderBody {
  lines: CartLine[];
  name: string;
  email: string;
  phone: string;
  fulfilment: Fulfilment;
  address?: Address;
  payment: PaymentMethod;
  consent: { statementVersion: string | number; accepted: true };
  termsAccepted: true;
  language: 'nl' | 'en';
}

export interface OrderPlaced {
  number: string;
  status: OrderStatus;
  token: string;
  checkoutUrl: string | null;
}

export const ORDER_STATUSES = [
  'awaiting_payment',
  'paid',
  'ready_for_pick_up',
  'shipped',
  'completed',
  'cancelled',
  'withdrawn',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number] | 'payment_failed' | 'expired';

export interface OrderLine {
  id: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
  totalCents: number;
  withdrawnQuantity: number;
  withdrawable: number;
}

export interface OrderView {
  number: string;
  status: OrderStatus;
  /** Why a cancelled order was cancelled: 'payment_failed', 'expired', or another reason. */
  cancelReason?: string | null;
  createdAt: string;
  lines: OrderLine[];
  shippingCents: number;
  totalCents: number;
  fulfilment: Fulfilment;
  payment: PaymentMethod;
  trackAndTrace: string | null;
  withdrawalDeadline: string | null;
  checkoutUrl: string | null;
}

export interface WithdrawalReceipt {
  receivedAt: string;
  refundDeadline: string;
}

// Staff

export interface OrderSummary {
  id: string;
  number: string;
  status: OrderStatus;
  createdAt: string;
  name: string;
  totalCents: number;
  fulfilment: Fulfilment;
  payment: PaymentMethod;
}

export interface StaffOrder extends OrderView {
  id: string;
  name?: string;
  email: string;
  phone: string;
  address: Address | null;
  clientId: string | null;
  clientLink: 'new' | 'pending_confirmation' | 'linked' | null;
  invoiceId: string | null;
  invoiceNumber?: string | null;
  creditNoteIds: string[];
  refunds: {
    id?: string;
    at?: string;
    createdAt?: string;
    amountCents?: number;
    reason?: string;
    status?: string;
  }[];
  withdrawals: {
    id: string;
    receivedAt: string;
    refundDeadline: string;
    refundedAt: string | null;
    lines: { lineId: string; quantity: number; name?: string }[];
  }[];
  events: { at: string; what: string; details: Record<string, string | number> }[];
}

export interface StockRow {
  productId: string;
  name: string;
  onHand: number;
  reserved: number;
  available: number;
  lowStockAt: number;
}

export interface ShopSettings {
  enabled: boolean;
  shippingCents: number;
  hygieneSealExcluded: boolean;
  lowStockAt: number;
}

/** Payment failed or expired: shown as cancelled, with the reason. */
export function effectiveStatus(order: Pick<OrderView, 'status' | 'cancelReason'>): {
  status: OrderStatus;
  reason: 'payment_failed' | 'expired' | null;
} {
  if (order.status === 'payment_failed' || order.status === 'expired') {
    return { status: 'cancelled', reason: order.status };
  }
  if (order.status === 'cancelled') {
    const reason = order.cancelReason;
    return {
      status: 'cancelled',
      reason: reason === 'payment_failed' || reason === 'expired' ? reason : null,
    };
  }
  return { status: order.status, reason: null };
}
