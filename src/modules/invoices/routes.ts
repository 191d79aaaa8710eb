import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { clinicAddressSchema, ibanSchema } from '../../platform/clinic-contact';
import { isoDay } from '../../platform/schemas';

const day = isoDay;
const line = z.object({
  description: z.string().trim().min(1).max(300),
  quantity: z.number().int().min(1, 'must be at least 1; give a discount as a discount line').max(1000),
  unitPriceCents: z
    .number()
    .int()
    .min(0, 'must not be negative; give a discount as a discount line')
    .max(10_000_000),
  vatRatePercent: z.number().int(),
});
/** A discount: a percentage, or an amount in cents (positive; the minus is implied). Decision 0021. */
const discountAmount = {
  percent: z.number().gt(0).max(100).optional(),
  amountCents: z.number().int().min(1, 'must be positive; the minus is implied').max(10_000_000).optional(),
};
const oneOf = (d: { percent?: number | undefined; amountCents?: number | undefined }) =>
  (d.percent === undefined) !== (d.amountCents === undefined);
const discountLine = z
  .object({
    description: z.string().trim().max(300).nullish(),
    vatRatePercent: z.number().int(),
    ...discountAmount,
  })
  .refine(oneOf, { message: 'give either percent or amountCents', path: ['amountCents'] });
const invoiceDiscount = z
  .object({ description: z.string().trim().max(300).nullish(), ...discountAmount })
  .refine(oneOf, { message: 'give either percent or amountCents', path: ['amountCents'] });
const draftSchema = z.object({
  lines: z.array(line).min(1).max(50),
  discounts: z.array(discountLine).max(10).nullish(),
  invoiceDiscount: invoiceDiscount.nullish(),
  note: z.string().trim().max(500).nullish(),
  /** The location it is issued for (its invoice number series); left out: the only one, or none. */
  locationId: z.uuid().nullish(),
});
const pricedLine = z.object({
  position: z.number().int(),
  kind: z.enum(['item', 'discount']),
  description: z.string(),
  quantity: z.number().int(),
  unitPriceCents: z.number().int(),
  vatRatePercent: z.number().int(),
  totalCents: z.number().int(),
  vatCents: z.number().int(),
});
const previewSchema = z.object({
  issuedOn: z.iso.date(),
  lines: z.array(pricedLine),
  byRate: z.array(
    z.object({
      vatRatePercent: z.number().int(),
      totalCents: z.number().int(),
      vatCents: z.number().int(),
      netCents: z.number().int(),
    }),
  ),
  totalCents: z.number().int(),
  vatCents: z.number().int(),
  discountCents: z.number().int(),
});
const clinicDetails = z.object({
  street: z.string().nullable(),
  houseNumber: z.string().nullable(),
  postcode: z.string().nullable(),
  city: z.string().nullable(),
  phone: z.string().nullable(),
  website: z.string().nullable(),
  vatNumber: z.string().nullable(),
  chamberOfCommerce: z.string().nullable(),
  iban: z.string().nullable(),
});
const invoiceSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  kind: z.enum(['invoice', 'credit_note']),
  creditFor: z.uuid().nullable(),
  issuedOn: z.iso.date(),
  clientId: z.uuid(),
  clientName: z.string(),
  clientAddress: z.string().nullable(),
  totalCents: z.number().int(),
  vatCents: z.number().int(),
  paidCents: z.number().int(),
  openCents: z.number().int(),
  creditedBy: z.object({ id: z.uuid(), number: z.string() }).nullable(),
  locationId: z.uuid().nullable(),
  note: z.string().nullable(),
  lines: z.array(pricedLine),
  payments: z.array(
    z.object({
      id: z.uuid(),
      method: z.enum(['card', 'cash', 'ideal', 'transfer']),
      amountCents: z.number().int(),
      paidOn: day,
      reference: z.string().nullable(),
    }),
  ),
});
const invoiceParams = z.object({ invoiceId: z.uuid() });

/** Invoices, credit notes and payments (SPEC 8), kept seven years (P9.3). */
export function invoiceRoutes({ invoices }: Pick<AppContext, 'invoices'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/clients/:clientId/invoices',
      {
        schema: {
          tags: ['invoices'],
          summary:
            'Issue an invoice to the client (lines with VAT-inclusive prices, discounts); numbered without gaps per year',
          params: z.object({ clientId: z.uuid() }),
          body: draftSchema,
          response: { 201: invoiceSchema },
          'x-vellum-data': 'contact',
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await invoices.create(request.actor, request.params.clientId, request.body, request.origin)),
    );

    app.post(
      '/invoices/preview',
      {
        schema: {
          tags: ['invoices'],
          summary:
            'What an invoice would come to (lines, discounts, VAT per rate, total); writes nothing, takes no number',
          body: draftSchema,
          response: { 200: previewSchema },
        },
      },
      async (request) => invoices.preview(request.actor, request.body, request.origin),
    );

    app.get(
      '/invoices/export',
      {
        schema: {
          tags: ['invoices'],
          summary:
            'The accountant’s export of a period: ZIP with lines, payments and VAT per rate as CSV, each invoice as PDF and UBL (owner, reception)',
          querystring: z.object({
            from: day,
            to: day,
            language: z.enum(['nl', 'en']).default('nl'),
          }),
        },
      },
      async (request, reply) => {
        const file = await invoices.exportPeriod(
          request.actor,
          { from: request.query.from, to: request.query.to },
          request.query.language,
          request.origin,
        );
        return reply
          .type('application/zip')
          .header('cache-control', 'no-store')
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .send(file.bytes);
      },
    );

    app.get(
      '/clients/:clientId/invoices',
      {
        schema: {
          tags: ['invoices'],
          summary: 'The client’s invoices and credit notes, newest first, with payments and what is open',
          params: z.object({ clientId: z.uuid() }),
          response: { 200: z.array(invoiceSchema) },
          'x-vellum-data': 'contact',
        },
      },
      async (request) => invoices.ofClient(request.actor, request.params.clientId, request.origin),
    );

    app.get(
      '/invoices',
      {
        schema: {
          tags: ['invoices'],
          summary:
            'The financial records of a year, also of clients whose dossier is gone (owner, reception)',
          querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
          response: { 200: z.array(invoiceSchema) },
        },
      },
      async (request) => invoices.ofYear(request.actor, request.query.year, request.origin),
    );

    app.get(
      '/invoices/:invoiceId',
      {
        schema: {
          tags: ['invoices'],
          summary: 'One invoice or credit note',
          params: invoiceParams,
          response: { 200: invoiceSchema },
        },
      },
      async (request) => invoices.get(request.actor, request.params.invoiceId, request.origin),
    );

    app.get(
      '/invoices/:invoiceId/pdf',
      {
        schema: {
          tags: ['invoices'],
          summary: 'The invoice or credit note as PDF (Dutch unless ?language=en)',
          params: invoiceParams,
          querystring: z.object({ language: z.enum(['nl', 'en']).default('nl') }),
        },
      },
      async (request, reply) => {
        const pdf = await invoices.pdf(
          request.actor,
          request.params.invoiceId,
          request.query.language,
          request.origin,
        );
        return reply
          .type('application/pdf')
          .header('cache-control', 'no-store')
          .header('content-disposition', `attachment; filename="${pdf.fileName}"`)
          .send(pdf.bytes);
      },
    );

    app.post(
      '/invoices/:invoiceId/credit-note',
      {
        schema: {
          tags: ['invoices'],
          summary: 'Correct an invoice with a credit note for its whole amount (owner, reception)',
          params: invoiceParams,
          body: z.object({ reason: z.string().trim().min(3).max(300) }),
          response: { 201: invoiceSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await invoices.credit(
              request.actor,
              request.params.invoiceId,
              request.body.reason,
              request.origin,
            ),
          ),
    );

    app.post(
      '/invoices/:invoiceId/payments',
      {
        schema: {
          tags: ['invoices'],
          summary: 'Record a payment (card, cash, iDEAL or transfer); a refund on a credit note is negative',
          params: invoiceParams,
          body: z.object({
            method: z.enum(['card', 'cash', 'ideal', 'transfer']),
            amountCents: z.number().int(),
            paidOn: day,
            reference: z.string().trim().max(100).nullish(),
          }),
          response: { 201: invoiceSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await invoices.pay(request.actor, request.params.invoiceId, request.body, request.origin)),
    );

    app.get(
      '/invoices/clinic-details',
      {
        schema: {
          tags: ['invoices'],
          summary:
            'What invoices show of the clinic: address, phone, website, VAT and Chamber of Commerce numbers, IBAN (owner)',
          response: { 200: clinicDetails },
        },
      },
      async (request) => invoices.clinicDetailsOf(request.actor, request.origin),
    );

    app.put(
      '/invoices/clinic-details',
      {
        schema: {
          tags: ['invoices'],
          summary:
            'What invoices show of the clinic: address, phone, website, VAT and Chamber of Commerce numbers, IBAN (owner); a field left out stays',
          body: z.object({
            street: clinicAddressSchema.street.nullish(),
            houseNumber: clinicAddressSchema.houseNumber.nullish(),
            postcode: clinicAddressSchema.postcode.nullish(),
            city: clinicAddressSchema.city.nullish(),
            phone: clinicAddressSchema.phone.nullish(),
            website: clinicAddressSchema.website.nullish(),
            vatNumber: z
              .string()
              .trim()
              .regex(/^NL\d{9}B\d{2}$/, 'is not a Dutch VAT number (NL123456789B01)')
              .nullable(),
            chamberOfCommerce: z
              .string()
              .trim()
              .regex(/^\d{8}$/, 'is not an 8-digit Chamber of Commerce number')
              .nullable(),
            iban: ibanSchema.nullable(),
          }),
        },
      },
      async (request, reply) => {
        await invoices.setClinicDetails(request.actor, request.body, request.origin);
        return reply.code(204).send();
      },
    );
  };
}
