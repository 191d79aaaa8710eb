import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/support/app';
import { aClinic, type TestClinic } from '../../../test/support/clinic';
import { type FakeMollie, startFakeMollie } from '../../../test/support/fake-mollie';
import { erase } from '../../../test/support/installation';

/**
 * The webshop against the fake Mollie over real HTTPS, through the real `@mollie/api-client`; the
 * app listens on a port so the fake's webhook calls arrive over HTTP like Mollie's.
 */
let clinic: TestClinic;
let mollie: FakeMollie;
let statementVersion: string;
const products: Record<string, string> = {};

/** Each call from its own address, so the per-address limits (tested on their own) stay out of the way. */
let addresses = 0;
const nextAddress = () => {
  addresses++;
  return `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`;
};
const publicCall = (method: 'GET' | 'POST', url: string, payload?: unknown, remoteAddress = nextAddress()) =>
  clinic.app.inject({
    method,
    url,
    remoteAddress,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

async function aProduct(name: string, priceCents: number, stock: number, vatRatePercent = 21) {
  const owner = await clinic.freshOwner();
  const made = await owner.call('POST', '/api/products', {
    name,
    brand: 'Derma',
    soldForHomeUse: true,
    usedInTreatments: false,
    priceCents,
    vatRatePercent,
  });
  expect(made.statusCode, made.body).toBe(201);
  const id = made.json().id as string;
  if (stock > 0) {
    const adjusted = await owner.call('POST', `/api/shop/stock/${id}/adjustments`, {
      delta: stock,
      reason: 'delivery',
    });
    expect(adjusted.statusCode, adjusted.body).toBe(200);
  }
  return id;
}

let buyers = 0;
function anOrder(lines: { productId: string; quantity: number }[], extra: Record<string, unknown> = {}) {
  buyers++;
  return {
    lines,
    name: `Bea Koper ${buyers}`,
    email: `bea${buyers}@example.nl`,
    phone: '+31 6 1234 5678',
    fulfilment: 'pick_up',
    payment: 'online',
    consent: { statementVersion, accepted: true },
    termsAccepted: true,
    language: 'nl',
    ...extra,
  };
}

async function place(order: ReturnType<typeof anOrder>) {
  const response = await publicCall('POST', '/api/public/shop/orders', order);
  return response;
}

const mollieIdOf = (checkoutUrl: string) => checkoutUrl.split('/').pop() as string;
const count = async (sql: string) => Number((await clinic.database.asOwner(sql))[0]?.n);
const available = async (productId: string) =>
  ((await publicCall('GET', '/api/public/shop')).json().products as { id: string; available: number }[]).find(
    (p) => p.id === productId,
  )?.available;

beforeAll(async () => {
  mollie = await startFakeMollie({ retryDelayMs: 20 });
  const config = testConfig({ dataDir: mkdtempSync(path.join(tmpdir(), 'vellum-shop-')) });
  config.masterKeyFile = path.join(config.dataDir, 'master.key');
  config.auditAnchorFile = path.join(config.dataDir, 'audit-anchors.jsonl');
  config.mollieApiKey = mollie.apiKey;
  config.mollieApiUrl = mollie.apiUrl;
  clinic = await aClinic('2026-11-25T09:00:00Z', { config });
  await clinic.app.listen({ port: 0, host: '127.0.0.1' });
  config.publicUrl = `http://127.0.0.1:${(clinic.app.server.address() as AddressInfo).port}`;
  const owner = await clinic.freshOwner();
  const enabled = await owner.call('PUT', '/api/shop/settings', {
    enabled: true,
    shippingCents: 495,
    hygieneSealExcluded: true,
    lowStockAt: 2,
  });
  expect(enabled.statusCode, enabled.body).toBe(200);
  products.serum = await aProduct('Serum', 2950, 50);
  products.cream = await aProduct('Crème', 1800, 50, 9);
  statementVersion = (await publicCall('GET', '/api/public/shop')).json().statementVersion;
}, 120_000);

afterAll(async () => {
  await clinic?.close();
  await mollie?.close();
});

describe('the webshop', () => {
  it('[P5.3] a paid order creates a basic dossier with the products bought, and an invoice mailed with its PDF', async () => {
    const order = anOrder([
      { productId: products.serum as string, quantity: 2 },
      { productId: products.cream as string, quantity: 1 },
    ]);
    const placed = await place(order);
    expect(placed.statusCode, placed.body).toBe(201);
    const { token, checkoutUrl, status } = placed.json();
    expect(status).toBe('awaiting_payment');
    await mollie.settle(mollieIdOf(checkoutUrl), 'paid');
    const seen = (await publicCall('POST', '/api/public/shop/orders/lookup', { token })).json();
    expect(seen.status).toBe('paid');
    expect(seen.totalCents).toBe(2 * 2950 + 1800);
    const [client] = await clinic.database.asOwner(
      `select id, first_name, last_name from client where email = '${order.email}'`,
    );
    expect(client).toBeDefined();
    const bought = await clinic.database.asOwner(
      `select p.name, h.quantity from home_product h join product p on p.id = h.product_id where h.client_id = '${client?.id}' order by p.name`,
    );
    expect(bought).toEqual([
      { name: 'Crème', quantity: 1 },
      { name: 'Serum', quantity: 2 },
    ]);
    const [mail] = await clinic.database.asOwner(
      `select body, attachment_name, attachment_type, length(attachment) as size from outbox_email where recipient = '${order.email}' and kind = 'shop_order_confirmation'`,
    );
    expect(mail?.attachment_type).toBe('application/pdf');
    expect(Number(mail?.size)).toBeGreaterThan(500);
    expect(String(mail?.body)).toMatch(/\/shop\/withdraw#/);
    expect(String(mail?.body)).toMatch(/Herroepen \/ withdraw from the contract here/);
  });

  it('[P1.2] records the webshop consent with its statement version in the ledger', async () => {
    const order = anOrder([{ productId: products.cream as string, quantity: 1 }]);
    const placed = (await place(order)).json();
    await mollie.settle(mollieIdOf(placed.checkoutUrl), 'paid');
    const consents = await clinic.database.asOwner(
      `select r.channel, r.scope, r.decision, v.version from consent_record r
         join privacy_statement_version v on v.id = r.statement_version_id
         join client c on c.id = r.client_id where c.email = '${order.email}'`,
    );
    expect(consents).toEqual([
      {
        channel: 'webshop_order',
        scope: 'personal_data',
        decision: 'granted',
        version: Number(statementVersion),
      },
    ]);
  });

  it('[P5.3] links an existing client only after confirmation, and answers the buyer the same either way', async () => {
    const owner = await clinic.freshOwner();
    const known = 'known.buyer@example.nl';
    const clientId = await clinic.aClient(owner, { email: known });
    const asKnown = anOrder([{ productId: products.serum as string, quantity: 1 }], { email: known });
    const asNew = anOrder([{ productId: products.serum as string, quantity: 1 }]);
    const answers: {
      placed: string[];
      status: number;
      seen: Record<string, unknown> & { lines: object[] };
    }[] = [];
    for (const order of [asKnown, asNew]) {
      const placed = await place(order);
      await mollie.settle(mollieIdOf(placed.json().checkoutUrl), 'paid');
      const seen = await publicCall('POST', '/api/public/shop/orders/lookup', { token: placed.json().token });
      answers.push({
        placed: Object.keys(placed.json()).sort(),
        status: placed.statusCode,
        seen: seen.json(),
      });
    }
    const shape = (a: (typeof answers)[number]) => ({
      ...a,
      seen: {
        ...a.seen,
        number: '',
        createdAt: '',
        lines: a.seen.lines.map((l: object) => ({ ...l, id: '' })),
      },
    });
    expect(shape(answers[0] as (typeof answers)[number])).toEqual(
      shape(answers[1] as (typeof answers)[number]),
    );
    const before = await count(`select count(*) as n from home_product where client_id = '${clientId}'`);
    expect(before).toBe(0);
    expect(
      await count(
        `select count(*) as n from consent_record where client_id = '${clientId}' and channel = 'webshop_order'`,
      ),
    ).toBe(0);
    const [mail] = await clinic.database.asOwner(
      `select body from outbox_email where recipient = '${known}' and kind = 'shop_order_confirmation'`,
    );
    const confirmToken = String(mail?.body).match(/\/shop\/confirm#([\w-]+)/)?.[1];
    expect(confirmToken).toBeDefined();
    const confirmed = await publicCall('POST', '/api/public/shop/orders/confirm', { token: confirmToken });
    expect(confirmed.statusCode, confirmed.body).toBe(204);
    expect(await count(`select count(*) as n from home_product where client_id = '${clientId}'`)).toBe(1);
    expect(
      await count(
        `select count(*) as n from consent_record where client_id = '${clientId}' and channel = 'webshop_order'`,
      ),
    ).toBe(1);
    // The link works once.
    expect(
      (await publicCall('POST', '/api/public/shop/orders/confirm', { token: confirmToken })).statusCode,
    ).toBe(404);
  });

  it('fulfils once when the webhook and the return page race, and ignores repeated and late webhooks', async () => {
    const placed = (await place(anOrder([{ productId: products.serum as string, quantity: 1 }]))).json();
    const id = mollieIdOf(placed.checkoutUrl);
    await mollie.settle(id, 'paid', { webhook: false });
    const [hook, page] = await Promise.all([
      mollie.callWebhook(id),
      publicCall('POST', '/api/public/shop/orders/lookup', { token: placed.token }),
    ]);
    expect(hook).toBe(200);
    expect(page.json().status).toBe('paid');
    const invoices = () => count(`select count(*) as n from invoice where note = 'webshop ${placed.number}'`);
    expect(await invoices()).toBe(1);
    // Repeated and late calls: 200, nothing changes.
    expect(await mollie.callWebhook(id)).toBe(200);
    clinic.clock.advance(3 * 24 * 3600_000);
    expect(await mollie.callWebhook(id)).toBe(200);
    expect(await invoices()).toBe(1);
    expect(
      await count(
        `select count(*) as n from outbox_email where kind = 'shop_order_confirmation' and body like '%${placed.number}%'`,
      ),
    ).toBe(1);
  });

  it('answers the webhook 500 when it cannot settle (Mollie retries), and settles on the retry', async () => {
    const placed = (await place(anOrder([{ productId: products.cream as string, quantity: 1 }]))).json();
    const id = mollieIdOf(placed.checkoutUrl);
    await mollie.settle(id, 'paid', { webhook: false });
    mollie.down(true);
    try {
      expect(await mollie.callWebhook(id)).toBe(500);
    } finally {
      mollie.down(false);
    }
    expect(
      await count(
        `select count(*) as n from shop_order where number = '${placed.number}' and status = 'paid'`,
      ),
    ).toBe(0);
    expect(await mollie.callWebhook(id)).toBe(200);
    expect(
      await count(
        `select count(*) as n from shop_order where number = '${placed.number}' and status = 'paid'`,
      ),
    ).toBe(1);
  }, 30_000);

  it('recovers a payment whose webhook never came, in the job', async () => {
    const placed = (await place(anOrder([{ productId: products.cream as string, quantity: 1 }]))).json();
    await mollie.settle(mollieIdOf(placed.checkoutUrl), 'paid', { webhook: false });
    const swept = await clinic.context.shop.payments.sweep();
    expect(swept.settled).toBeGreaterThanOrEqual(1);
    expect(
      await count(
        `select count(*) as n from shop_order where number = '${placed.number}' and status = 'paid'`,
      ),
    ).toBe(1);
  });

  it('gives the last unit to exactly one of the buyers racing for it; the others hear so before paying', async () => {
    const last = await aProduct('Laatste', 1000, 1);
    // Eight at once, so their transactions overlap on PostgreSQL (two often do not).
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => place(anOrder([{ productId: last, quantity: 1 }]))),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const refused = answers.find((a) => a.statusCode === 409)?.json();
    expect(refused.code).toBe('out_of_stock');
    expect(refused.productIds).toEqual([last]);
    expect(await available(last)).toBe(0);
  });

  it('expires an unpaid order after the payment window and releases its stock', async () => {
    const scarce = await aProduct('Schaars', 1000, 2);
    const placed = (await place(anOrder([{ productId: scarce, quantity: 2 }]))).json();
    expect(await available(scarce)).toBe(0);
    clinic.clock.advance(21 * 60_000);
    await clinic.context.shop.payments.sweep();
    expect(await available(scarce)).toBe(2);
    const seen = (await publicCall('POST', '/api/public/shop/orders/lookup', { token: placed.token })).json();
    expect(seen.status).toBe('cancelled');
    expect(seen.cancelReason).toBe('expired');
  });

  it('answers 503 when Mollie is down and releases the reservation', async () => {
    const item = await aProduct('Onbereikbaar', 1000, 1);
    mollie.down(true);
    try {
      const placed = await place(anOrder([{ productId: item, quantity: 1 }]));
      expect(placed.statusCode, placed.body).toBe(503);
      expect(placed.json().code).toBe('payment_unavailable');
    } finally {
      mollie.down(false);
    }
    expect(await available(item)).toBe(1);
  }, 30_000);

  it('changes nothing for an unknown payment id or an amount that does not match', async () => {
    const unknown = await clinic.app.inject({
      method: 'POST',
      url: '/api/public/shop/mollie-webhook',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'id=tr_unknown123',
    });
    expect(unknown.statusCode).toBe(200);
    const hostile = await clinic.app.inject({
      method: 'POST',
      url: '/api/public/shop/mollie-webhook',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'id=tr_%00%F0',
    });
    // Not Mollie (it sends no NUL bytes): the app's input guard refuses it, as everywhere.
    expect(hostile.statusCode).toBe(400);
    const placed = (await place(anOrder([{ productId: products.serum as string, quantity: 1 }]))).json();
    const id = mollieIdOf(placed.checkoutUrl);
    mollie.tamper(id, '0.01');
    await mollie.settle(id, 'paid');
    const seen = (await publicCall('POST', '/api/public/shop/orders/lookup', { token: placed.token })).json();
    expect(seen.status).toBe('awaiting_payment');
    expect(await count(`select count(*) as n from invoice where note = 'webshop ${placed.number}'`)).toBe(0);
  });

  it('limits each network address: after 20 orders in an hour it backs off, and token guesses are slowed', async () => {
    const product = await aProduct('Zonnebrand SPF 50', 1_995, 100);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const order = anOrder([{ productId: product, quantity: 1 }], { payment: 'at_pick_up' });
      statuses.push((await publicCall('POST', '/api/public/shop/orders', order, '198.51.100.20')).statusCode);
    }
    expect(statuses.slice(0, 20), JSON.stringify(statuses)).toEqual(Array(20).fill(201));
    expect(statuses[20]).toBe(429);
    const other = anOrder([{ productId: product, quantity: 1 }], { payment: 'at_pick_up' });
    expect((await publicCall('POST', '/api/public/shop/orders', other, '198.51.100.21')).statusCode).toBe(
      201,
    );

    // A buyer's own page may poll its order; a guesser is refused after 20 tokens that name nothing.
    const guesses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const token = `guess-${String(i).padStart(2, '0')}-${'x'.repeat(30)}`;
      guesses.push(
        (await publicCall('POST', '/api/public/shop/orders/lookup', { token }, '198.51.100.22')).statusCode,
      );
    }
    expect(guesses.slice(0, 20)).toEqual(Array(20).fill(404));
    expect(guesses[20]).toBe(429);
  });

  it('refuses bad input with 400 naming the field, and writes and reserves nothing', async () => {
    const orders = () => count('select count(*) as n from shop_order');
    const before = await orders();
    const before2 = await available(products.serum as string);
    const cases: [Record<string, unknown>, string][] = [
      [anOrder([]), 'lines'],
      [anOrder([{ productId: products.serum as string, quantity: 0 }]), 'lines.0.quantity'],
      [anOrder([{ productId: products.serum as string, quantity: -1 }]), 'lines.0.quantity'],
      [anOrder([{ productId: '0190a000-0000-7000-8000-000000000000', quantity: 1 }]), 'lines.0.productId'],
      [
        anOrder([{ productId: products.serum as string, quantity: 1 }], { fulfilment: 'delivery' }),
        'address',
      ],
      [anOrder([{ productId: products.serum as string, quantity: 1 }], { email: 'geen-adres' }), 'email'],
      [anOrder([{ productId: products.serum as string, quantity: 2_147_483_648 }]), 'lines.0.quantity'],
      [anOrder([{ productId: products.serum as string, quantity: 1_000 }]), 'lines.0.quantity'],
    ];
    for (const [order, field] of cases) {
      const response = await place(order as ReturnType<typeof anOrder>);
      expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
      expect(JSON.stringify(response.json().errors), field).toContain(`"${field}"`);
    }
    // A price in the request is ignored: the catalogue's counts.
    const priced = await publicCall('POST', '/api/public/shop/quote', {
      lines: [{ productId: products.serum, quantity: 1, unitPriceCents: 1 }],
      fulfilment: 'pick_up',
    });
    expect(priced.json().totalCents).toBe(2950);
    expect(await orders()).toBe(before);
    expect(await available(products.serum as string)).toBe(before2);
  });

  it('refunds a line through Mollie with a credit note; a withdrawal gets its receipt and the staff its deadline', async () => {
    const order = anOrder([
      { productId: products.serum as string, quantity: 1 },
      { productId: products.cream as string, quantity: 2 },
    ]);
    const placed = (await place(order)).json();
    await mollie.settle(mollieIdOf(placed.checkoutUrl), 'paid');
    const owner = await clinic.freshOwner();
    const [row] = await clinic.database.asOwner(
      `select id from shop_order where number = '${placed.number}'`,
    );
    const orderId = String(row?.id);
    const picked = await owner.call('POST', `/api/shop/orders/${orderId}/status`, { status: 'completed' });
    expect(picked.statusCode, picked.body).toBe(200);
    const seen = (await publicCall('POST', '/api/public/shop/orders/lookup', { token: placed.token })).json();
    const cream = seen.lines.find((l: { name: string }) => l.name.includes('Crème'));
    expect(seen.withdrawalDeadline).not.toBeNull();
    const withdrawn = await publicCall('POST', '/api/public/shop/withdrawals', {
      token: placed.token,
      lines: [{ lineId: cream.id, quantity: 1 }],
      confirm: true,
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(201);
    expect(
      await count(
        `select count(*) as n from outbox_email where recipient = '${order.email}' and kind = 'shop_withdrawal_receipt'`,
      ),
    ).toBe(1);
    const detail = (await owner.call('GET', `/api/shop/orders/${orderId}`)).json();
    expect(detail.withdrawals).toHaveLength(1);
    expect(
      Date.parse(detail.withdrawals[0].refundDeadline) - Date.parse(detail.withdrawals[0].receivedAt),
    ).toBe(14 * 24 * 3600_000);
    const refunded = await owner.call('POST', `/api/shop/orders/${orderId}/refunds`, {
      lines: [{ lineId: cream.id, quantity: 1 }],
      reason: 'herroeping',
    });
    expect(refunded.statusCode, refunded.body).toBe(200);
    expect(refunded.json().creditNoteIds).toHaveLength(1);
    expect(refunded.json().withdrawals[0].refundedAt).not.toBeNull();
    expect([...mollie.refunds.values()].map((r) => r.amount.value)).toContain('18.00');
    const [note] = await clinic.database.asOwner(
      `select kind, total_cents from invoice where id = '${refunded.json().creditNoteIds[0]}'`,
    );
    expect(note).toEqual({ kind: 'credit_note', total_cents: -1800 });
    // The history is kept as keys with their figures (the screen words them), and names the invoice.
    const history = (await owner.call('GET', `/api/shop/orders/${orderId}`)).json();
    expect(history.invoiceNumber).toMatch(/^\d{4}-\d{6}$/);
    expect(history.events.map((e: { what: string }) => e.what)).toEqual([
      'placed_online',
      'paid',
      'status',
      'withdrawal_received',
      'refunded',
    ]);
    expect(history.events[1].details).toEqual({ method: 'ideal', invoice: history.invoiceNumber });
    expect(history.events[4].details).toMatchObject({ amountCents: 1800 });
  });

  it("lists a product's shop text and hygiene flag in the catalogue, where the owner edits them", async () => {
    const id = await aProduct('Zonnecrème SPF 50', 2495, 0);
    const owner = await clinic.freshOwner();
    const saved = await owner.call('PUT', `/api/shop/products/${id}`, {
      description: 'Dagelijks, ook in de winter.',
      hygiene: true,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const listed = (await owner.call('GET', '/api/products')).json() as { id: string }[];
    expect(listed.find((item) => item.id === id)).toMatchObject({
      description: 'Dagelijks, ook in de winter.',
      hygiene: true,
    });
  });

  it('lets reception handle orders and stock, a practitioner only read, and only the owner change the shop', async () => {
    const rosa = await clinic.hire('reception');
    const bram = await clinic.hire('practitioner');
    const placed = (await place(anOrder([{ productId: products.cream as string, quantity: 1 }]))).json();
    await mollie.settle(mollieIdOf(placed.checkoutUrl), 'paid');
    const [row] = await clinic.database.asOwner(
      `select id from shop_order where number = '${placed.number}'`,
    );
    const orderId = String(row?.id);
    const read = await bram.call('GET', `/api/shop/orders/${orderId}`);
    expect(read.statusCode, read.body).toBe(200);
    // Not treating this buyer: the practitioner does not see who it is.
    expect(read.json().email).toBeNull();
    expect(
      (await bram.call('POST', `/api/shop/orders/${orderId}/status`, { status: 'ready_for_pick_up' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await bram.call('POST', `/api/shop/stock/${products.cream}/adjustments`, { delta: 1, reason: 'x' }))
        .statusCode,
    ).toBe(403);
    const ready = await rosa.call('POST', `/api/shop/orders/${orderId}/status`, {
      status: 'ready_for_pick_up',
    });
    expect(ready.statusCode, ready.body).toBe(200);
    expect(ready.json().email).toMatch(/@example\.nl$/);
    expect(
      (
        await rosa.call('POST', `/api/shop/stock/${products.cream}/adjustments`, {
          delta: 1,
          reason: 'telling',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (await rosa.call('PUT', `/api/shop/products/${products.cream}`, { description: 'x', hygiene: false }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await rosa.call('PUT', '/api/shop/settings', {
          enabled: false,
          shippingCents: 0,
          hygieneSealExcluded: false,
          lowStockAt: 1,
        })
      ).statusCode,
    ).toBe(403);
  });

  it("[P9.3] keeps an erased client's order and invoice as financial records, without what only served the sale", async () => {
    const order = anOrder([{ productId: products.cream as string, quantity: 1 }], {
      fulfilment: 'delivery',
      address: {
        street: 'Wisselstraat',
        houseNumber: '9',
        postcode: '9711 AB',
        city: 'Groningen',
        country: 'NL',
      },
    });
    const placed = (await place(order)).json();
    await mollie.settle(mollieIdOf(placed.checkoutUrl), 'paid');
    const [client] = await clinic.database.asOwner(`select id from client where email = '${order.email}'`);
    await erase(clinic, String(client?.id));
    const [kept] = await clinic.database.asOwner(
      `select name, email, phone, address, total_cents, invoice_id from shop_order where number = '${placed.number}'`,
    );
    expect(kept).toMatchObject({
      name: '',
      email: null,
      phone: null,
      address: null,
      total_cents: 1800 + 495,
    });
    const [invoice] = await clinic.database.asOwner(
      `select client_name from invoice where id = '${kept?.invoice_id}'`,
    );
    expect(invoice?.client_name).toBe(order.name);
    expect(
      (await publicCall('POST', '/api/public/shop/orders/lookup', { token: placed.token })).statusCode,
    ).toBe(404);
  });
});
