/**
 * The arithmetic of an invoice (decision 0021): items, discount lines and an invoice discount, and the
 * VAT per rate on the discounted amounts. Amounts are cents, VAT included, as the catalogue's prices.
 *
 * - A discount line lowers the lines of its own VAT rate: as an amount, or as a percentage of what
 *   those lines come to after earlier discounts of that rate.
 * - An invoice discount (amount or percentage of what the invoice comes to after the discount lines)
 *   is spread pro rata over the rates by what each still comes to, in whole cents (largest remainder),
 *   and becomes one discount line per rate.
 * - A discount never exceeds what it lowers: an invoice's total is never negative.
 * - VAT per rate is computed once on the rate's discounted total; each line's VAT is its own share,
 *   and the rounding difference goes to the rate's largest line, so lines add up to the rate exactly.
 */
import { Invalid } from '../../platform/errors';

export const VAT_RATES = [0, 9, 21] as const;

export type InvoiceLineInput = {
  /** `item` unless given; a discount line is negative (decision 0021). */
  kind?: 'item' | 'discount';
  description: string;
  quantity: number;
  /** Cents, VAT included (as the catalogue's prices). */
  unitPriceCents: number;
  vatRatePercent: number;
  /** Only when a credit note mirrors its invoice: the invoice's own VAT per line, negated. */
  vatCents?: number;
};

/** A discount as the form sends it: a percentage or an amount in cents (VAT included). */
export type DiscountAmount = { percent?: number | undefined; amountCents?: number | undefined };
export type DiscountLineInput = DiscountAmount & { description?: string | null; vatRatePercent: number };
export type InvoiceDiscountInput = DiscountAmount & { description?: string | null };

export type PricedLine = {
  kind: 'item' | 'discount';
  position: number;
  description: string;
  quantity: number;
  unitPriceCents: number;
  vatRatePercent: number;
  totalCents: number;
  vatCents: number;
};

export type RateTotal = { vatRatePercent: number; totalCents: number; vatCents: number; netCents: number };

export type PricedInvoice = {
  lines: PricedLine[];
  byRate: RateTotal[];
  totalCents: number;
  vatCents: number;
  /** What the discounts take off, as a positive number. */
  discountCents: number;
};

/** The VAT contained in a VAT-inclusive amount, rounded to the cent (half away from zero). */
export function vatIncluded(grossCents: number, ratePercent: number): number {
  const exact = (grossCents * ratePercent) / (100 + ratePercent);
  return Math.sign(exact) * Math.round(Math.abs(exact));
}

const invalid = (field: string, message: string) => new Invalid(`${field} ${message}`, [{ field, message }]);

function discountOf(base: number, discount: DiscountAmount, field: string): number {
  if ((discount.percent === undefined) === (discount.amountCents === undefined)) {
    throw invalid(`${field}.amountCents`, 'give either percent or amountCents');
  }
  if (discount.percent !== undefined) {
    if (!(discount.percent > 0 && discount.percent <= 100)) {
      throw invalid(`${field}.percent`, 'must be more than 0 and at most 100');
    }
    return Math.round((base * discount.percent) / 100);
  }
  const amount = discount.amountCents;
  if (amount === undefined || !Number.isInteger(amount) || amount <= 0) {
    throw invalid(`${field}.amountCents`, 'must be a positive whole number of cents (the minus is implied)');
  }
  return amount;
}

const percentText = (percent: number) => `${String(percent).replace('.', ',')}%`;

/**
 * Items plus discounts become the lines to issue: the items as given, then each discount line as a
 * negative line of its rate, then the invoice discount as one negative line per rate.
 */
export function withDiscounts(
  items: InvoiceLineInput[],
  discounts: DiscountLineInput[] = [],
  invoiceDiscount: InvoiceDiscountInput | null = null,
): InvoiceLineInput[] {
  const remaining = new Map<number, number>();
  for (const item of items) {
    remaining.set(
      item.vatRatePercent,
      (remaining.get(item.vatRatePercent) ?? 0) + item.quantity * item.unitPriceCents,
    );
  }
  const lines: InvoiceLineInput[] = items.map((item) => ({ ...item, kind: 'item' }));
  discounts.forEach((discount, index) => {
    const field = `discounts.${index}`;
    const base = remaining.get(discount.vatRatePercent);
    if (base === undefined)
      throw invalid(`${field}.vatRatePercent`, 'has no lines at this VAT rate to lower');
    const amount = discountOf(base, discount, field);
    if (amount > base) {
      throw invalid(
        `${field}.${discount.percent !== undefined ? 'percent' : 'amountCents'}`,
        `is more than the ${base} cents the lines at ${discount.vatRatePercent}% come to`,
      );
    }
    remaining.set(discount.vatRatePercent, base - amount);
    const label = discount.description?.trim() || 'Korting';
    lines.push({
      kind: 'discount',
      description: discount.percent !== undefined ? `${label} (${percentText(discount.percent)})` : label,
      quantity: 1,
      unitPriceCents: -amount,
      vatRatePercent: discount.vatRatePercent,
    });
  });
  if (invoiceDiscount) {
    const base = [...remaining.values()].reduce((sum, cents) => sum + cents, 0);
    const amount = discountOf(base, invoiceDiscount, 'invoiceDiscount');
    if (amount > base) {
      throw invalid(
        `invoiceDiscount.${invoiceDiscount.percent !== undefined ? 'percent' : 'amountCents'}`,
        `is more than the ${base} cents the invoice comes to`,
      );
    }
    const label = invoiceDiscount.description?.trim() || 'Korting op de factuur';
    for (const [rate, cents] of spread(amount, remaining)) {
      if (cents === 0) continue;
      lines.push({
        kind: 'discount',
        description: `${label}${invoiceDiscount.percent !== undefined ? ` (${percentText(invoiceDiscount.percent)})` : ''}, ${rate}% btw`,
        quantity: 1,
        unitPriceCents: -cents,
        vatRatePercent: rate,
      });
    }
  }
  return lines;
}

/** `amount` spread over the rates in proportion to their totals, in whole cents (largest remainder). */
export function spread(amount: number, totals: Map<number, number>): Map<number, number> {
  const rates = [...totals.keys()].sort((a, b) => b - a);
  const base = rates.reduce((sum, rate) => sum + (totals.get(rate) ?? 0), 0);
  const shares = new Map<number, number>();
  if (base === 0) {
    for (const rate of rates) shares.set(rate, 0);
    return shares;
  }
  const exact = rates.map((rate) => ({ rate, exact: (amount * (totals.get(rate) ?? 0)) / base }));
  for (const share of exact) shares.set(share.rate, Math.floor(share.exact));
  let left = amount - [...shares.values()].reduce((sum, cents) => sum + cents, 0);
  const byRemainder = [...exact].sort(
    (a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)),
  );
  for (const share of byRemainder) {
    if (left === 0) break;
    if (share.exact === Math.floor(share.exact)) continue;
    shares.set(share.rate, (shares.get(share.rate) ?? 0) + 1);
    left -= 1;
  }
  return shares;
}

/** The lines' amounts and VAT, per rate and in total. */
export function priceLines(input: InvoiceLineInput[]): PricedInvoice {
  const lines: PricedLine[] = input.map((line, index) => {
    const totalCents = line.quantity * line.unitPriceCents;
    return {
      kind: line.kind ?? 'item',
      position: index + 1,
      description: line.description,
      quantity: line.quantity,
      unitPriceCents: line.unitPriceCents,
      vatRatePercent: line.vatRatePercent,
      totalCents,
      vatCents: line.vatCents ?? vatIncluded(totalCents, line.vatRatePercent),
    };
  });
  const mirrored = input.length > 0 && input.every((line) => line.vatCents !== undefined);
  const rates = [...new Set(lines.map((line) => line.vatRatePercent))].sort((a, b) => a - b);
  const byRate = rates.map((rate) => {
    const ofRate = lines.filter((line) => line.vatRatePercent === rate);
    const totalCents = ofRate.reduce((sum, line) => sum + line.totalCents, 0);
    const vatCents = mirrored
      ? ofRate.reduce((sum, line) => sum + line.vatCents, 0)
      : vatIncluded(totalCents, rate);
    const difference = vatCents - ofRate.reduce((sum, line) => sum + line.vatCents, 0);
    if (difference !== 0) {
      const largest = ofRate.reduce((best, line) =>
        Math.abs(line.totalCents) > Math.abs(best.totalCents) ? line : best,
      );
      largest.vatCents += difference;
    }
    return { vatRatePercent: rate, totalCents, vatCents, netCents: totalCents - vatCents };
  });
  return {
    lines,
    byRate,
    totalCents: byRate.reduce((sum, rate) => sum + rate.totalCents, 0),
    vatCents: byRate.reduce((sum, rate) => sum + rate.vatCents, 0),
    discountCents: -lines
      .filter((line) => line.kind === 'discount')
      .reduce((sum, line) => sum + line.totalCents, 0),
  };
}
