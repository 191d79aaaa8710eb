import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { staff } from '../../db/schema';
import { product } from '../catalogue/tables';

const at = (name: string) => timestamp(name, { withTimezone: true });
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/** The shop's settings: one row (migration 0041). */
export const shopSettings = pgTable('shop_settings', {
  singleton: boolean('singleton').primaryKey().default(true),
  enabled: boolean('enabled').notNull().default(false),
  shippingCents: integer('shipping_cents').notNull().default(0),
  hygieneSealExcluded: boolean('hygiene_seal_excluded').notNull().default(false),
  lowStockAt: integer('low_stock_at').notNull().default(3),
  termsVersion: integer('terms_version').notNull().default(1),
});

/** The product photo, read only where it is served (the catalogue's product rows stay small). */
export const productImage = pgTable('product', {
  id: uuid('id').primaryKey(),
  image: bytea('image'),
  imageType: text('image_type'),
});

export const stockMovement = pgTable(
  'stock_movement',
  {
    id: uuid('id').primaryKey(),
    productId: uuid('product_id')
      .notNull()
      .references(() => product.id),
    delta: integer('delta').notNull(),
    reason: text('reason').notNull(),
    orderId: uuid('order_id'),
    staffId: uuid('staff_id').references(() => staff.id, { onDelete: 'set null' }),
    actorRole: text('actor_role').notNull(),
    at: at('at').notNull(),
  },
  (t) => [index('stock_movement_product').on(t.productId, t.at)],
);

export const ORDER_STATUSES = [
  'awaiting_payment',
  'paid',
  'ready_for_pick_up',
  'shipped',
  'completed',
  'cancelled',
  'withdrawn',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type OrderAddress = {
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
  country: string;
};
/** What the terms said at checkout: the withdrawal rules the order is held to. */
export type OrderTerms = { version: number; hygieneSealExcluded: boolean; withdrawalDays: number };

/**
 * An order: a financial record kept seven years (P9.3) with its own copy of the buyer's details;
 * `clientId` without a foreign key (the dossier may go first). `clientLink`: `new` (a basic dossier
 * was made), `pending_confirmation` (the e-mail belongs to an existing dossier; nothing is linked
 * until the person is confirmed), `linked`.
 */
export const shopOrder = pgTable(
  'shop_order',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull(),
    status: text('status').$type<OrderStatus>().notNull(),
    cancelReason: text('cancel_reason').$type<
      'payment_failed' | 'expired' | 'cancelled' | 'payment_unavailable'
    >(),
    tokenHash: text('token_hash').notNull(),
    confirmTokenHash: text('confirm_token_hash'),
    /** The token in the confirmation e-mail's links (the order page, the withdrawal). */
    mailTokenHash: text('mail_token_hash'),
    clientId: uuid('client_id'),
    clientLink: text('client_link').$type<'new' | 'pending_confirmation' | 'linked'>(),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    address: jsonb('address').$type<OrderAddress | null>(),
    fulfilment: text('fulfilment').$type<'pick_up' | 'delivery'>().notNull(),
    payment: text('payment').$type<'online' | 'at_pick_up'>().notNull(),
    language: text('language').$type<'nl' | 'en'>().notNull(),
    shippingCents: integer('shipping_cents').notNull(),
    totalCents: integer('total_cents').notNull(),
    statementVersion: integer('statement_version').notNull(),
    consentEvidence: jsonb('consent_evidence')
      .$type<{ requestId: string; userAgent: string | null }>()
      .notNull(),
    terms: jsonb('terms').$type<OrderTerms>().notNull(),
    /** Whether its quantities still count as reserved (unpaid and not cancelled). */
    reserved: boolean('reserved').notNull().default(true),
    invoiceId: uuid('invoice_id'),
    trackAndTrace: text('track_and_trace'),
    paidAt: at('paid_at'),
    /** Picked up or shipped: the withdrawal period runs from here. */
    handedOverAt: at('handed_over_at'),
    expiresAt: at('expires_at').notNull(),
    createdAt: at('created_at').notNull(),
    erasedAt: at('erased_at'),
  },
  (t) => [
    unique('shop_order_number_key').on(t.number),
    index('shop_order_status').on(t.status, t.createdAt),
    index('shop_order_client').on(t.clientId),
  ],
);

export const shopOrderLine = pgTable(
  'shop_order_line',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => shopOrder.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => product.id),
    name: text('name').notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
    vatRatePercent: integer('vat_rate_percent').notNull(),
    totalCents: integer('total_cents').notNull(),
    hygiene: boolean('hygiene').notNull(),
    withdrawnQuantity: integer('withdrawn_quantity').notNull().default(0),
    refundedQuantity: integer('refunded_quantity').notNull().default(0),
  },
  (t) => [unique('shop_order_line_order_id_position_key').on(t.orderId, t.position)],
);

export type PaymentStatus =
  | 'creating'
  | 'open'
  | 'pending'
  | 'authorized'
  | 'paid'
  | 'failed'
  | 'canceled'
  | 'expired'
  | 'unavailable';

/** One Mollie payment per attempt; the idempotency key is ours, sent with the create call. */
export const shopPayment = pgTable('shop_payment', {
  id: uuid('id').primaryKey(),
  orderId: uuid('order_id')
    .notNull()
    .references(() => shopOrder.id, { onDelete: 'cascade' }),
  mollieId: text('mollie_id'),
  idempotencyKey: text('idempotency_key').notNull(),
  status: text('status').$type<PaymentStatus>().notNull(),
  amountCents: integer('amount_cents').notNull(),
  checkoutUrl: text('checkout_url'),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
});

export type RefundLine = { lineId: string; quantity: number };

export const shopRefund = pgTable('shop_refund', {
  id: uuid('id').primaryKey(),
  orderId: uuid('order_id')
    .notNull()
    .references(() => shopOrder.id, { onDelete: 'cascade' }),
  mollieRefundId: text('mollie_refund_id'),
  amountCents: integer('amount_cents').notNull(),
  reason: text('reason').notNull(),
  lines: jsonb('lines').$type<RefundLine[]>().notNull(),
  creditNoteId: uuid('credit_note_id'),
  status: text('status').notNull(),
  createdBy: uuid('created_by').references(() => staff.id, { onDelete: 'set null' }),
  createdAt: at('created_at').notNull(),
});

export const shopWithdrawal = pgTable('shop_withdrawal', {
  id: uuid('id').primaryKey(),
  orderId: uuid('order_id')
    .notNull()
    .references(() => shopOrder.id, { onDelete: 'cascade' }),
  receivedAt: at('received_at').notNull(),
  refundDeadline: at('refund_deadline').notNull(),
  refundedAt: at('refunded_at'),
  lines: jsonb('lines').$type<RefundLine[]>().notNull(),
});

/** The kinds of things that happen to an order. */
export const ORDER_EVENTS = [
  'placed_online',
  'placed_pay_at_pick_up',
  'payment_unavailable',
  'paid',
  'payment_mismatch',
  'payment_ended',
  'expired',
  'linked',
  'status',
  'cancelled_by_clinic',
  'withdrawal_received',
  'refunded',
  'refund_failed',
] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

/** What happened to an order, for the staff's detail page (no personal data). */
export const shopOrderEvent = pgTable('shop_order_event', {
  id: uuid('id').primaryKey(),
  orderId: uuid('order_id')
    .notNull()
    .references(() => shopOrder.id, { onDelete: 'cascade' }),
  at: at('at').notNull(),
  /** What happened, as a key the staff's screen words in its language (ORDER_EVENTS). */
  what: text('what', { enum: ORDER_EVENTS }).notNull(),
  /** The figures the sentence needs (an invoice number, an amount, a status); never personal data. */
  details: jsonb('details').$type<Record<string, string | number>>().notNull().default({}),
  actorRole: text('actor_role').notNull(),
});
