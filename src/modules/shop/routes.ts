import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { NotFound } from '../../platform/errors';
import { assertNotThrottled, recordFailure } from '../../platform/throttle';
import { networkKey } from '../access/request-actor';
import { CheckoutUnavailable } from './checkout.service';
import { PaymentUnavailable } from './mollie';
import { ORDER_EVENTS, ORDER_STATUSES } from './tables';

const INT4_MAX = 2_147_483_647;
const cartLines = z
  .array(z.object({ productId: z.uuid(), quantity: z.number().int().min(-INT4_MAX).max(INT4_MAX) }).loose())
  .max(50);
const fulfilment = z.enum(['pick_up', 'delivery']);
const text = (max: number) => z.string().trim().min(1).max(max);
const orderLine = z.object({
  id: z.uuid(),
  name: z.string(),
  quantity: z.number().int(),
  unitPriceCents: z.number().int(),
  totalCents: z.number().int(),
  withdrawnQuantity: z.number().int(),
  withdrawable: z.number().int(),
});
const orderStatus = z.enum(ORDER_STATUSES);
const lookupShape = z.object({
  number: z.string(),
  status: orderStatus,
  cancelReason: z.string().nullable(),
  createdAt: z.date(),
  lines: z.array(orderLine),
  shippingCents: z.number().int(),
  totalCents: z.number().int(),
  fulfilment,
  payment: z.enum(['online', 'at_pick_up']),
  trackAndTrace: z.string().nullable(),
  withdrawalDeadline: z.string().nullable(),
  checkoutUrl: z.string().nullable(),
});
const lineChoice = z
  .array(z.object({ lineId: z.uuid(), quantity: z.number().int().min(1).max(1000) }))
  .max(100);
const address = z.object({
  street: text(200),
  houseNumber: text(20),
  postcode: text(20),
  city: text(100),
  country: z.string().trim().length(2),
});
const staffOrder = lookupShape.extend({
  id: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: address.nullable(),
  clientId: z.uuid().nullable(),
  clientLink: z.enum(['new', 'pending_confirmation', 'linked']).nullable(),
  invoiceId: z.uuid().nullable(),
  invoiceNumber: z.string().nullable(),
  creditNoteIds: z.array(z.uuid()),
  refunds: z.array(
    z.object({
      id: z.uuid(),
      amountCents: z.number().int(),
      reason: z.string(),
      status: z.string(),
      createdAt: z.date(),
      lines: lineChoice,
    }),
  ),
  withdrawals: z.array(
    z.object({
      id: z.uuid(),
      receivedAt: z.date(),
      refundDeadline: z.date(),
      refundedAt: z.date().nullable(),
      lines: lineChoice,
    }),
  ),
  events: z.array(
    z.object({
      at: z.date(),
      what: z.enum(ORDER_EVENTS),
      details: z.record(z.string(), z.union([z.string(), z.number()])),
    }),
  ),
});
const orderParams = z.object({ orderId: z.uuid() });
const productParams = z.object({ productId: z.uuid() });
const unavailable = z.object({ code: z.literal('payment_unavailable'), detail: z.string() });

/** The webshop (issue 15): public shop and checkout as the webshop visitor, staff orders and stock. */
export function shopRoutes({
  shop,
  database,
  keys,
  clock,
}: Pick<AppContext, 'shop' | 'database' | 'keys' | 'clock'>): FastifyPluginAsyncZod {
  /**
   * Per network address (a keyed hash, never the address): placing orders counts every attempt, as
   * online booking does — each one reserves stock and sends mail, so one address cannot empty the
   * shelves or flood an inbox; a family may still place a score of orders an hour. The token routes
   * count only tokens that name no order, so guessing is slowed while a buyer's own page may poll.
   */
  const throttle = {
    async attempt(request: FastifyRequest, kind: string, free: number) {
      const key = [`${kind}:${networkKey(request, keys)}`];
      await database.db.transaction(async (tx) => {
        await assertNotThrottled(tx, key, clock.now());
        await recordFailure(tx, key, clock.now(), { free });
      });
    },
    async miss<T>(request: FastifyRequest, work: () => Promise<T>): Promise<T> {
      const key = [`shop-token:${networkKey(request, keys)}`];
      await database.db.transaction((tx) => assertNotThrottled(tx, key, clock.now()));
      try {
        return await work();
      } catch (error) {
        if (error instanceof NotFound) {
          await database.db.transaction((tx) => recordFailure(tx, key, clock.now(), { free: 20 }));
        }
        throw error;
      }
    },
  };

  return async (app) => {
    await app.register(multipart, { limits: { fileSize: 5 * 1024 * 1024, files: 1 } });
    // Mollie calls the webhook form-encoded (id=tr_…).
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      },
    );

    app.get(
      '/public/shop',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'The shop: settings and the home-use products for sale with what is available',
          response: {
            200: z.object({
              enabled: z.boolean(),
              onlinePayment: z.boolean(),
              shippingCents: z.number().int(),
              withdrawalDays: z.number().int(),
              hygieneSealExcluded: z.boolean(),
              statementVersion: z.string(),
              products: z.array(
                z.object({
                  id: z.uuid(),
                  name: z.string(),
                  brand: z.string(),
                  description: z.string(),
                  priceCents: z.number().int(),
                  vatRatePercent: z.number().int(),
                  hasImage: z.boolean(),
                  available: z.number().int(),
                  soldOut: z.boolean(),
                  hygiene: z.boolean(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => shop.catalogue.publicShop(request.origin),
    );

    app.get(
      '/public/shop/products/:productId/image',
      {
        config: { access: 'public' },
        schema: { tags: ['public'], summary: 'A product photo', params: productParams },
      },
      async (request, reply) => {
        const image = await shop.catalogue.image(request.params.productId, request.origin);
        return reply.type(image.type).header('cache-control', 'public, max-age=300').send(image.bytes);
      },
    );

    app.post(
      '/public/shop/quote',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'Prices a cart from the catalogue (prices sent are ignored)',
          body: z.object({ lines: cartLines, fulfilment }),
          response: {
            200: z.object({
              lines: z.array(
                z.object({
                  productId: z.uuid(),
                  name: z.string(),
                  quantity: z.number().int(),
                  unitPriceCents: z.number().int(),
                  totalCents: z.number().int(),
                  vatRatePercent: z.number().int(),
                }),
              ),
              shippingCents: z.number().int(),
              totalCents: z.number().int(),
              vat: z.array(z.object({ ratePercent: z.number().int(), vatCents: z.number().int() })),
            }),
          },
        },
      },
      async (request) => shop.catalogue.quote(request.body, request.origin),
    );

    app.post(
      '/public/shop/orders',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'Places an order: stock reserved, a Mollie payment created (or pay at pick-up)',
          body: z.object({
            lines: cartLines,
            name: text(200),
            email: z.email().max(254),
            phone: z
              .string()
              .trim()
              .regex(/^\+?[0-9 ()-]{6,20}$/, 'is not a phone number'),
            fulfilment,
            address: address.nullish(),
            payment: z.enum(['online', 'at_pick_up']),
            consent: z.object({
              statementVersion: z.coerce.number().int().min(1).max(INT4_MAX),
              accepted: z.boolean(),
            }),
            termsAccepted: z.boolean(),
            language: z.enum(['nl', 'en']),
          }),
          response: {
            201: z.object({
              number: z.string(),
              status: orderStatus,
              token: z.string(),
              checkoutUrl: z.string().nullable(),
            }),
            503: unavailable,
          },
        },
      },
      async (request, reply) => {
        await throttle.attempt(request, 'shop-order', 20);
        try {
          const placed = await shop.checkout.place(
            {
              ...request.body,
              request: {
                requestId: request.id,
                userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
              },
            },
            request.origin,
          );
          return reply.code(201).header('cache-control', 'no-store').send(placed);
        } catch (error) {
          if (error instanceof CheckoutUnavailable) {
            return reply.code(503).send({ code: 'payment_unavailable' as const, detail: error.message });
          }
          throw error;
        }
      },
    );

    app.post(
      '/public/shop/orders/lookup',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'The order its token names (asks Mollie first while the payment is open)',
          body: z.object({ token: z.string().min(20).max(100) }),
          response: { 200: lookupShape },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return throttle.miss(request, async () => {
          await shop.payments.refreshByToken(request.body.token, request.origin);
          return shop.orders.lookup(request.body.token, request.origin);
        });
      },
    );

    app.post(
      '/public/shop/orders/confirm',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'Confirms, through the link sent to the dossier’s address, that an order is that client’s',
          body: z.object({ token: z.string().min(20).max(100) }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await throttle.miss(request, () => shop.payments.confirmByLink(request.body.token, request.origin));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/public/shop/withdrawals',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'Withdraws from the contract (EU 2023/2673) for some lines; a receipt is e-mailed',
          body: z.object({ token: z.string().min(20).max(100), lines: lineChoice, confirm: z.literal(true) }),
          response: { 201: z.object({ receivedAt: z.date(), refundDeadline: z.date() }) },
        },
      },
      async (request, reply) => {
        const done = await throttle.miss(request, () =>
          shop.orders.withdraw(request.body.token, request.body.lines, request.origin),
        );
        return reply.code(201).send(done);
      },
    );

    app.post(
      '/public/shop/mollie-webhook',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'Mollie’s webhook: a payment id; 200 unless we failed (then Mollie retries)',
          body: z.object({ id: z.string().max(100).optional() }).loose(),
          response: { 200: z.object({ ok: z.boolean() }) },
        },
      },
      async (request) => {
        try {
          const outcome = await shop.payments.settle(request.body.id ?? '', request.origin);
          if (outcome === 'unknown' || outcome === 'mismatch')
            request.log.warn({ outcome }, 'webhook changed nothing');
          return { ok: true };
        } catch (error) {
          if (error instanceof PaymentUnavailable) request.log.error('webhook: Mollie unreachable');
          throw error;
        }
      },
    );

    // Staff.
    app.get(
      '/shop/orders',
      {
        schema: {
          tags: ['shop'],
          summary: 'Orders, newest first, optionally of one status',
          querystring: z.object({
            status: orderStatus.optional(),
          }),
          response: {
            200: z.array(
              z.object({
                id: z.uuid(),
                number: z.string(),
                status: orderStatus,
                createdAt: z.date(),
                name: z.string(),
                totalCents: z.number().int(),
                fulfilment,
                payment: z.enum(['online', 'at_pick_up']),
              }),
            ),
          },
        },
      },
      async (request) => shop.orders.list(request.actor, request.query.status, request.origin),
    );

    app.get(
      '/shop/orders/:orderId',
      {
        schema: {
          tags: ['shop'],
          summary: 'One order with its payments, refunds, withdrawals and events',
          params: orderParams,
          response: { 200: staffOrder },
        },
      },
      async (request) => shop.orders.detail(request.actor, request.params.orderId, request.origin),
    );

    app.post(
      '/shop/orders/:orderId/status',
      {
        schema: {
          tags: ['shop'],
          summary: 'Ready for pick-up, shipped (track and trace), completed (paid at the desk) or cancelled',
          params: orderParams,
          body: z.object({
            status: z.enum(['ready_for_pick_up', 'shipped', 'completed', 'cancelled']),
            trackAndTrace: z.string().trim().max(200).optional(),
            paidAtDesk: z.enum(['card', 'cash']).optional(),
          }),
          response: { 200: staffOrder },
        },
      },
      async (request) =>
        shop.orders.setStatus(request.actor, request.params.orderId, request.body, request.origin),
    );

    app.post(
      '/shop/orders/:orderId/refunds',
      {
        schema: {
          tags: ['shop'],
          summary: 'Refunds lines through Mollie and issues the credit note',
          params: orderParams,
          body: z.object({ lines: lineChoice, reason: text(300) }),
          response: { 200: staffOrder, 503: unavailable },
        },
      },
      async (request, reply) => {
        try {
          return await shop.orders.refund(
            request.actor,
            request.params.orderId,
            request.body,
            request.origin,
          );
        } catch (error) {
          if (error instanceof PaymentUnavailable) {
            return reply.code(503).send({
              code: 'payment_unavailable' as const,
              detail: 'the refund could not be made; try again',
            });
          }
          throw error;
        }
      },
    );

    app.get(
      '/shop/stock',
      {
        schema: {
          tags: ['shop'],
          summary: 'Stock of the home-use products: on hand, reserved, available',
          response: {
            200: z.array(
              z.object({
                productId: z.uuid(),
                name: z.string(),
                onHand: z.number().int(),
                reserved: z.number().int(),
                available: z.number().int(),
                lowStockAt: z.number().int(),
              }),
            ),
          },
        },
      },
      async (request) => shop.catalogue.stock(request.actor, request.origin),
    );

    app.post(
      '/shop/stock/:productId/adjustments',
      {
        schema: {
          tags: ['shop'],
          summary: 'Adjusts the stock on hand with a reason',
          params: productParams,
          body: z.object({
            delta: z
              .number()
              .int()
              .min(-100_000)
              .max(100_000)
              .refine((d) => d !== 0, 'must not be 0'),
            reason: text(300),
          }),
          response: { 200: z.object({ productId: z.uuid(), onHand: z.number().int() }) },
        },
      },
      async (request) =>
        shop.catalogue.adjust(request.actor, request.params.productId, request.body, request.origin),
    );

    const settings = z.object({
      enabled: z.boolean(),
      shippingCents: z.number().int().min(0).max(100_000),
      hygieneSealExcluded: z.boolean(),
      lowStockAt: z.number().int().min(0).max(100_000),
    });
    app.get(
      '/shop/settings',
      { schema: { tags: ['shop'], summary: 'The shop’s settings', response: { 200: settings } } },
      async (request) => shop.catalogue.settings(request.actor, request.origin),
    );
    app.put(
      '/shop/settings',
      {
        schema: {
          tags: ['shop'],
          summary: 'Changes the shop’s settings (owner)',
          body: settings,
          response: { 200: settings },
        },
      },
      async (request) => shop.catalogue.setSettings(request.actor, request.body, request.origin),
    );

    app.put(
      '/shop/products/:productId',
      {
        schema: {
          tags: ['shop'],
          summary: 'The shop text and hygiene flag of a product (owner)',
          params: productParams,
          body: z.object({ description: z.string().max(4000), hygiene: z.boolean() }),
          response: { 200: z.object({ id: z.uuid() }) },
        },
      },
      async (request) =>
        shop.catalogue.setProduct(request.actor, request.params.productId, request.body, request.origin),
    );

    app.put(
      '/shop/products/:productId/image',
      {
        schema: {
          tags: ['shop'],
          summary: 'The product photo: multipart/form-data, one JPEG or WebP image (owner)',
          params: productParams,
          consumes: ['multipart/form-data'],
          response: { 200: z.object({ id: z.uuid() }) },
        },
      },
      async (request) => {
        // The role is checked before the body is read (a refusal is a refusal whatever was sent).
        const file = request.isMultipart() ? await request.file().catch(() => undefined) : undefined;
        const bytes = file ? await file.toBuffer() : null;
        const type = bytes ? sniff(bytes) : null;
        return shop.catalogue.setImage(
          request.actor,
          request.params.productId,
          bytes && type ? { bytes, type } : null,
          request.origin,
        );
      },
    );
  };
}

/** The image type by its bytes, never by what the upload claims. */
function sniff(bytes: Buffer): string | null {
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (
    bytes.length > 12 &&
    bytes.toString('ascii', 0, 4) === 'RIFF' &&
    bytes.toString('ascii', 8, 12) === 'WEBP'
  )
    return 'image/webp';
  return null;
}
