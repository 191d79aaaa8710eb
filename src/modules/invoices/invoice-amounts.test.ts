import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type InvoiceLineInput,
  priceLines,
  spread,
  VAT_RATES,
  vatIncluded,
  withDiscounts,
} from './invoice-amounts';

const items: InvoiceLineInput[] = [
  { description: 'Chemische peeling', quantity: 1, unitPriceCents: 12_500, vatRatePercent: 21 },
  { description: 'Dagcrème SPF 30', quantity: 2, unitPriceCents: 2_995, vatRatePercent: 21 },
  { description: 'Advies', quantity: 1, unitPriceCents: 1_090, vatRatePercent: 9 },
];
const fieldOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return (error as { fields?: { field: string }[] }).fields?.map((f) => f.field);
  }
  return undefined;
};

describe('invoice discounts and VAT (decision 0021)', () => {
  it('takes a discount line off the lines of its rate and computes that rate’s VAT on what is left', () => {
    const priced = priceLines(
      withDiscounts(items, [{ description: 'Korting vaste klant', vatRatePercent: 21, amountCents: 1_000 }]),
    );
    expect(priced.totalCents).toBe(12_500 + 5_990 + 1_090 - 1_000);
    expect(priced.discountCents).toBe(1_000);
    const discount = priced.lines.at(-1);
    expect(discount).toMatchObject({
      kind: 'discount',
      description: 'Korting vaste klant',
      totalCents: -1_000,
    });
    const at21 = priced.byRate.find((rate) => rate.vatRatePercent === 21);
    expect(at21).toMatchObject({ totalCents: 17_490, vatCents: vatIncluded(17_490, 21) });
    expect(priced.byRate.find((rate) => rate.vatRatePercent === 9)?.vatCents).toBe(vatIncluded(1_090, 9));
  });

  it('takes a percentage of the rate’s lines, and spreads an invoice discount pro rata over the rates', () => {
    const lines = withDiscounts(items, [{ vatRatePercent: 9, percent: 10 }], { percent: 10 });
    const priced = priceLines(lines);
    expect(
      lines
        .filter((l) => l.kind === 'discount')
        .map((l) => [l.vatRatePercent, l.quantity * l.unitPriceCents]),
    ).toEqual([
      [9, -109],
      // 10% of 18,490 + 981 = 1,947.1 → 1,947, spread 18,490 : 981 = 1,848.94 : 98.09 → 1,849 : 98.
      [21, -1_849],
      [9, -98],
    ]);
    expect(priced.totalCents).toBe(19_580 - 109 - 1_947);
    expect(lines.at(-1)?.description).toBe('Korting op de factuur (10%), 9% btw');
  });

  it('refuses a discount larger than what it lowers, or at a rate with no lines, naming the field', () => {
    expect(fieldOf(() => withDiscounts(items, [{ vatRatePercent: 9, amountCents: 1_091 }]))).toEqual([
      'discounts.0.amountCents',
    ]);
    expect(fieldOf(() => withDiscounts(items, [{ vatRatePercent: 0, amountCents: 1 }]))).toEqual([
      'discounts.0.vatRatePercent',
    ]);
    expect(fieldOf(() => withDiscounts(items, [], { amountCents: 19_581 }))).toEqual([
      'invoiceDiscount.amountCents',
    ]);
    expect(fieldOf(() => withDiscounts(items, [], { percent: 101 }))).toEqual(['invoiceDiscount.percent']);
    expect(fieldOf(() => withDiscounts(items, [], { amountCents: -500 }))).toEqual([
      'invoiceDiscount.amountCents',
    ]);
    expect(fieldOf(() => withDiscounts(items, [], { amountCents: 5, percent: 5 }))).toEqual([
      'invoiceDiscount.amountCents',
    ]);
    expect(withDiscounts(items, [], { amountCents: 19_580 }).length).toBe(5);
  });

  it('spreads whole cents that add up to the amount', () => {
    expect(
      [
        ...spread(
          100,
          new Map([
            [21, 1],
            [9, 1],
            [0, 1],
          ]),
        ),
      ]
        .map(([, c]) => c)
        .sort(),
    ).toEqual([33, 33, 34]);
    expect(spread(0, new Map([[21, 500]])).get(21)).toBe(0);
  });

  const item = fc.record({
    description: fc.constant('Behandeling'),
    quantity: fc.integer({ min: 1, max: 20 }),
    unitPriceCents: fc.integer({ min: 0, max: 100_000 }),
    vatRatePercent: fc.constantFrom(...VAT_RATES),
  });
  const amount = fc.oneof(
    fc.record({ percent: fc.integer({ min: 1, max: 10_000 }).map((p) => p / 100) }),
    fc.record({ amountCents: fc.integer({ min: 1, max: 200_000 }) }),
  );
  const draft = fc.record({
    items: fc.array(item, { minLength: 1, maxLength: 8 }),
    discounts: fc.array(
      fc
        .tuple(fc.constantFrom(...VAT_RATES), amount)
        .map(([vatRatePercent, a]) => ({ vatRatePercent, ...a })),
      { maxLength: 3 },
    ),
    invoiceDiscount: fc.option(amount, { nil: null }),
  });

  it('property: total = lines − discounts, VAT per rate on the discounted amount, never negative', () => {
    fc.assert(
      fc.property(draft, ({ items: drafted, discounts, invoiceDiscount }) => {
        let lines: InvoiceLineInput[];
        try {
          lines = withDiscounts(drafted, discounts, invoiceDiscount);
        } catch (error) {
          // Refused: only ever with a field named, never silently.
          expect((error as { fields?: unknown[] }).fields?.length).toBe(1);
          return;
        }
        const priced = priceLines(lines);
        const gross = drafted.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
        expect(priced.totalCents).toBe(gross - priced.discountCents);
        expect(priced.discountCents).toBeGreaterThanOrEqual(0);
        expect(priced.totalCents).toBeGreaterThanOrEqual(0);
        expect(priced.totalCents).toBe(priced.lines.reduce((sum, l) => sum + l.totalCents, 0));
        for (const rate of priced.byRate) {
          const ofRate = priced.lines.filter((l) => l.vatRatePercent === rate.vatRatePercent);
          expect(rate.totalCents).toBeGreaterThanOrEqual(0);
          expect(rate.vatCents).toBe(vatIncluded(rate.totalCents, rate.vatRatePercent));
          expect(ofRate.reduce((sum, l) => sum + l.vatCents, 0)).toBe(rate.vatCents);
          expect(rate.netCents + rate.vatCents).toBe(rate.totalCents);
        }
        expect(priced.vatCents).toBe(priced.byRate.reduce((sum, r) => sum + r.vatCents, 0));
        // Every discount is a negative line; no item is.
        for (const l of priced.lines) {
          if (l.kind === 'discount') expect(l.totalCents).toBeLessThanOrEqual(0);
          else expect(l.totalCents).toBeGreaterThanOrEqual(0);
        }
        // A credit note mirrors it to the cent, negative.
        const credit = priceLines(
          priced.lines.map((l) => ({ ...l, quantity: -l.quantity, vatCents: -l.vatCents })),
        );
        expect(credit.totalCents + priced.totalCents).toBe(0);
        expect(credit.byRate.map((r, i) => r.vatCents + (priced.byRate[i]?.vatCents ?? 0))).toEqual(
          priced.byRate.map(() => 0),
        );
      }),
      { numRuns: 500 },
    );
  });
});
