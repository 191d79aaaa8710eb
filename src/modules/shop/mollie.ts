import createMollieClient, { type MollieClient } from '@mollie/api-client';
import type { Config } from '../../config';

/** What we read of a Mollie payment. */
export type MolliePayment = {
  id: string;
  status: string;
  amountCents: number;
  currency: string;
  orderId: string | null;
  checkoutUrl: string | null;
};

/** Mollie could not be reached or answered an error: the caller answers 503 (or 500 to a webhook). */
export class PaymentUnavailable extends Error {}

/** Cents as Mollie's amount string: 1250 → "12.50". */
export function mollieAmount(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

function centsOf(value: string): number {
  const [whole = '0', fraction = ''] = value.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}

/**
 * The subset of Mollie the shop uses, through the official client pointed at the configured
 * endpoint (VELLUM_MOLLIE_API_URL; tests point it at the fake Mollie). No key: no online payment.
 */
export class MollieGateway {
  private readonly client: MollieClient | null;

  constructor(config: Pick<Config, 'mollieApiKey' | 'mollieApiUrl'>) {
    this.client = config.mollieApiKey
      ? createMollieClient({ apiKey: config.mollieApiKey, apiEndpoint: config.mollieApiUrl })
      : null;
  }

  get enabled(): boolean {
    return this.client !== null;
  }

  async createPayment(input: {
    amountCents: number;
    description: string;
    redirectUrl: string;
    webhookUrl: string;
    orderId: string;
    idempotencyKey: string;
  }): Promise<MolliePayment> {
    const client = this.required();
    try {
      const payment = await client.payments.create({
        amount: { currency: 'EUR', value: mollieAmount(input.amountCents) },
        description: input.description,
        redirectUrl: input.redirectUrl,
        webhookUrl: input.webhookUrl,
        metadata: { orderId: input.orderId },
        idempotencyKey: input.idempotencyKey,
      });
      return read(payment);
    } catch (error) {
      throw new PaymentUnavailable(`creating the payment failed: ${(error as Error).message}`);
    }
  }

  async getPayment(id: string): Promise<MolliePayment | null> {
    const client = this.required();
    try {
      return read(await client.payments.get(id));
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return null;
      throw new PaymentUnavailable(`reading the payment failed: ${(error as Error).message}`);
    }
  }

  async refund(input: {
    paymentId: string;
    amountCents: number;
    description: string;
    idempotencyKey: string;
  }): Promise<{ id: string; status: string }> {
    const client = this.required();
    try {
      const refund = await client.paymentRefunds.create({
        paymentId: input.paymentId,
        amount: { currency: 'EUR', value: mollieAmount(input.amountCents) },
        description: input.description,
        idempotencyKey: input.idempotencyKey,
      });
      return { id: refund.id, status: refund.status };
    } catch (error) {
      throw new PaymentUnavailable(`the refund failed: ${(error as Error).message}`);
    }
  }

  private required(): MollieClient {
    if (!this.client) throw new PaymentUnavailable('online payment is not configured');
    return this.client;
  }
}

function read(payment: {
  id: string;
  status: string;
  amount: { value: string; currency: string };
  metadata: unknown;
  getCheckoutUrl(): string | null;
}): MolliePayment {
  const metadata = payment.metadata as { orderId?: unknown } | null;
  return {
    id: payment.id,
    status: payment.status,
    amountCents: centsOf(payment.amount.value),
    currency: payment.amount.currency,
    orderId: typeof metadata?.orderId === 'string' ? metadata.orderId : null,
    checkoutUrl: payment.getCheckoutUrl(),
  };
}
