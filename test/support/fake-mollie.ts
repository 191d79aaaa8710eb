import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from './self-signed';

/**
 * A fake Mollie for tests: a real HTTPS server on 127.0.0.1 speaking the part of Mollie's v2 API the
 * shop uses — create and get a payment, create and get a refund — with the response shapes of
 * Mollie's API reference (a `payment` and a `refund` resource with `_links`, errors as
 * `{ status, title, detail, _links }`, idempotency keys honoured), a checkout page, and a test API
 * to settle payments and call the webhook as Mollie does (form-encoded `id`, retried on non-200).
 *
 * HTTPS because the official client always uses an https agent. Its certificate is made in memory
 * at each start (`self-signed.ts`: a new key, valid for a day, for 127.0.0.1, trusted by nothing;
 * no key is kept on disk or in the repository). The official client trusts only its own CA bundle,
 * so the test process must not verify it: starting the fake sets NODE_TLS_REJECT_UNAUTHORIZED=0
 * for that (test) process only.
 */

export type FakeStatus = 'open' | 'pending' | 'authorized' | 'paid' | 'failed' | 'canceled' | 'expired';

type Payment = {
  id: string;
  status: FakeStatus;
  amount: { currency: string; value: string };
  description: string;
  redirectUrl: string | null;
  webhookUrl: string | null;
  metadata: unknown;
  createdAt: string;
  paidAt?: string;
  profileId: string;
};
type Refund = {
  id: string;
  paymentId: string;
  amount: { currency: string; value: string };
  description: string;
  status: 'pending' | 'refunded';
  createdAt: string;
};

export type FakeMollie = {
  /** The API base to configure (VELLUM_MOLLIE_API_URL). */
  apiUrl: string;
  apiKey: string;
  payments: Map<string, Payment>;
  refunds: Map<string, Refund>;
  /** Requests received, as `METHOD /path`. */
  calls: string[];
  /** Webhook deliveries: the payment id and the status each attempt got. */
  deliveries: { id: string; status: number }[];
  /** Sets a payment's status; by default then calls the webhook as Mollie does (with retries). */
  settle(id: string, status: FakeStatus, options?: { webhook?: boolean }): Promise<void>;
  /** Calls the webhook now (a repeat or a late call); returns the status of the last attempt. */
  callWebhook(id: string, options?: { retries?: number }): Promise<number>;
  /** Mollie down: every API call answers 503. */
  down(isDown: boolean): void;
  /** Changes a payment's amount behind the shop's back (an amount that no longer matches). */
  tamper(id: string, value: string): void;
  close(): Promise<void>;
};

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/hal+json' });
  res.end(JSON.stringify(body));
};

function error(res: ServerResponse, status: number, title: string, detail: string, field?: string) {
  json(res, status, {
    status,
    title,
    detail,
    ...(field ? { field } : {}),
    _links: {
      documentation: { href: 'https://docs.mollie.com/overview/handling-errors', type: 'text/html' },
    },
  });
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const token = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex').slice(0, 10)}`;

export async function startFakeMollie(
  options: { retryDelayMs?: number; retries?: number } = {},
): Promise<FakeMollie> {
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  const payments = new Map<string, Payment>();
  const refunds = new Map<string, Refund>();
  const byIdempotencyKey = new Map<string, unknown>();
  const calls: string[] = [];
  const deliveries: { id: string; status: number }[] = [];
  let isDown = false;
  let base = '';

  const paymentResource = (p: Payment) => ({
    resource: 'payment',
    id: p.id,
    mode: 'test',
    createdAt: p.createdAt,
    amount: p.amount,
    description: p.description,
    method: p.status === 'paid' ? 'ideal' : null,
    metadata: p.metadata,
    status: p.status,
    isCancelable: false,
    ...(p.paidAt ? { paidAt: p.paidAt } : {}),
    expiresAt: new Date(Date.parse(p.createdAt) + 15 * 60_000).toISOString(),
    profileId: p.profileId,
    sequenceType: 'oneoff',
    redirectUrl: p.redirectUrl,
    webhookUrl: p.webhookUrl,
    _links: {
      self: { href: `${base}/v2/payments/${p.id}`, type: 'application/hal+json' },
      ...(p.status === 'open' ? { checkout: { href: `${base}/checkout/${p.id}`, type: 'text/html' } } : {}),
      dashboard: { href: `https://my.mollie.com/dashboard/payments/${p.id}`, type: 'text/html' },
      documentation: { href: 'https://docs.mollie.com/reference/get-payment', type: 'text/html' },
    },
  });
  const refundResource = (r: Refund) => ({
    resource: 'refund',
    id: r.id,
    mode: 'test',
    amount: r.amount,
    status: r.status,
    createdAt: r.createdAt,
    description: r.description,
    metadata: null,
    paymentId: r.paymentId,
    _links: {
      self: { href: `${base}/v2/payments/${r.paymentId}/refunds/${r.id}`, type: 'application/hal+json' },
      payment: { href: `${base}/v2/payments/${r.paymentId}`, type: 'application/hal+json' },
    },
  });

  const deliver = async (id: string, retries: number): Promise<number> => {
    const payment = payments.get(id);
    if (!payment?.webhookUrl) return 0;
    let status = 0;
    for (let attempt = 0; attempt <= retries; attempt++) {
      try {
        const response = await fetch(payment.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ id }).toString(),
        });
        status = response.status;
      } catch {
        status = 0;
      }
      deliveries.push({ id, status });
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 50));
    }
    return status;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base);
    const route = `${req.method} ${url.pathname}`;
    calls.push(route);
    const checkout = url.pathname.match(/^\/checkout\/(tr_\w+)$/);
    if (checkout) {
      const payment = payments.get(checkout[1] as string);
      if (!payment) return error(res, 404, 'Not Found', 'No such payment');
      if (req.method === 'POST') {
        const status = new URLSearchParams(await bodyOf(req)).get('status') as FakeStatus;
        await settle(payment.id, status);
        res.writeHead(303, { location: payment.redirectUrl ?? '/' });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(
        `<!doctype html><title>Fake Mollie checkout</title><h1>${payment.description}: € ${payment.amount.value}</h1>` +
          ['paid', 'failed', 'expired', 'canceled']
            .map((s) => `<form method="post"><button name="status" value="${s}">${s}</button></form>`)
            .join(''),
      );
    }
    if (isDown) {
      res.writeHead(503, { 'retry-after': '0', 'content-type': 'application/hal+json' });
      return res.end(
        JSON.stringify({ status: 503, title: 'Service Unavailable', detail: 'down for the test' }),
      );
    }
    if (req.headers.authorization !== `Bearer ${fake.apiKey}`) {
      return error(res, 401, 'Unauthorized Request', 'Missing authentication, or failed to authenticate');
    }
    const key = req.headers['idempotency-key'];
    if (req.method === 'POST' && typeof key === 'string' && byIdempotencyKey.has(`${url.pathname}:${key}`)) {
      return json(res, 201, byIdempotencyKey.get(`${url.pathname}:${key}`));
    }
    if (route === 'POST /v2/payments') {
      const body = JSON.parse(await bodyOf(req)) as Record<string, unknown>;
      const amount = body.amount as { currency?: string; value?: string } | undefined;
      if (!amount?.value || !/^\d+\.\d{2}$/.test(amount.value)) {
        return error(res, 422, 'Unprocessable Entity', 'The amount is invalid', 'amount.value');
      }
      const payment: Payment = {
        id: token('tr'),
        status: 'open',
        amount: { currency: amount.currency ?? 'EUR', value: amount.value },
        description: String(body.description ?? ''),
        redirectUrl: (body.redirectUrl as string) ?? null,
        webhookUrl: (body.webhookUrl as string) ?? null,
        metadata: body.metadata ?? null,
        createdAt: new Date().toISOString(),
        profileId: 'pfl_fake00001',
      };
      payments.set(payment.id, payment);
      const resource = paymentResource(payment);
      if (typeof key === 'string') byIdempotencyKey.set(`${url.pathname}:${key}`, resource);
      return json(res, 201, resource);
    }
    const get = url.pathname.match(/^\/v2\/payments\/(\w+)$/);
    if (req.method === 'GET' && get) {
      const payment = payments.get(get[1] as string);
      if (!payment) return error(res, 404, 'Not Found', `No payment exists with token ${get[1]}.`);
      return json(res, 200, paymentResource(payment));
    }
    const refund = url.pathname.match(/^\/v2\/payments\/(\w+)\/refunds(?:\/(\w+))?$/);
    if (refund) {
      const payment = payments.get(refund[1] as string);
      if (!payment) return error(res, 404, 'Not Found', `No payment exists with token ${refund[1]}.`);
      if (req.method === 'GET' && refund[2]) {
        const found = refunds.get(refund[2]);
        if (!found || found.paymentId !== payment.id) return error(res, 404, 'Not Found', 'No such refund');
        return json(res, 200, refundResource(found));
      }
      if (req.method === 'POST' && !refund[2]) {
        if (payment.status !== 'paid')
          return error(res, 422, 'Unprocessable Entity', 'The payment is not refundable');
        const body = JSON.parse(await bodyOf(req)) as {
          amount?: { currency: string; value: string };
          description?: string;
        };
        const created: Refund = {
          id: token('re'),
          paymentId: payment.id,
          amount: body.amount ?? payment.amount,
          description: body.description ?? '',
          status: 'pending',
          createdAt: new Date().toISOString(),
        };
        refunds.set(created.id, created);
        const resource = refundResource(created);
        if (typeof key === 'string') byIdempotencyKey.set(`${url.pathname}:${key}`, resource);
        return json(res, 201, resource);
      }
    }
    return error(res, 404, 'Not Found', 'The resource does not exist');
  };

  const settle = async (id: string, status: FakeStatus, settleOptions: { webhook?: boolean } = {}) => {
    const payment = payments.get(id);
    if (!payment) throw new Error(`no payment ${id}`);
    payment.status = status;
    if (status === 'paid') payment.paidAt = new Date().toISOString();
    if (settleOptions.webhook !== false) await deliver(id, options.retries ?? 3);
  };

  const server: Server = createServer(
    {
      ...selfSignedCertificate('fake-mollie'),
    },
    (req, res) => {
      handle(req, res).catch(() => error(res, 500, 'Internal Server Error', 'fake failed'));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fake: FakeMollie = {
    apiUrl: `${base}/v2/`,
    apiKey: 'test_fakefakefakefakefakefakefake',
    payments,
    refunds,
    calls,
    deliveries,
    settle,
    callWebhook: (id, o = {}) => deliver(id, o.retries ?? 0),
    down: (value) => {
      isDown = value;
    },
    tamper: (id, value) => {
      const payment = payments.get(id);
      if (payment) payment.amount = { ...payment.amount, value };
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
