import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { pdfText } from '../../../test/support/pdf-text';
import { LINE_COLUMNS } from './invoice-export';

let clinic: TestClinic;
let anouk: StaffMember; // practitioner
let rosa: StaffMember; // reception
let anna: string;

/** A strict XML parse (well-formedness checked first): the elements as `[path of local names, text]`, the root's namespace first. */
function parseXml(xml: string): [string, string][] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  type Node = Record<string, unknown> & { ':@'?: Record<string, string> };
  const nodes = new XMLParser({ preserveOrder: true, ignoreAttributes: false, parseTagValue: false }).parse(
    xml,
  ) as Node[];
  const out: [string, string][] = [];
  let namespace = '';
  const walk = (list: Node[], path: string) => {
    for (const node of list) {
      const tag = Object.keys(node).find((key) => key !== ':@');
      if (!tag || tag.startsWith('?') || tag === '#text') continue;
      const children = node[tag] as Node[];
      if (!path) namespace = node[':@']?.['@_xmlns'] ?? '';
      const p = `${path}/${tag.split(':').at(-1)}`;
      const text = children
        .filter((c) => '#text' in c)
        .map((c) => String(c['#text']))
        .join('')
        .trim();
      out.push([p, text]);
      walk(children, p);
    }
  };
  walk(nodes, '');
  return [[namespace, ''], ...out];
}
const elementText = (tree: [string, string][], path: string) => tree.find(([p]) => p === path)?.[1];
const valuesOf = (tree: [string, string][], path: string) =>
  tree.filter(([p]) => p === path).map(([, v]) => v);

/** Parses `-1234,56` back to cents. */
const cents = (text: string) => Math.round(Number(text.replace(',', '.')) * 100);
const rowsOf = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean)
    .map((row) => row.split(';'));

const items = [
  { description: 'Chemische peeling', quantity: 1, unitPriceCents: 12_500, vatRatePercent: 21 },
  { description: 'Dagcrème SPF 30', quantity: 2, unitPriceCents: 2_995, vatRatePercent: 21 },
  { description: 'Advies', quantity: 1, unitPriceCents: 1_090, vatRatePercent: 9 },
];
const draft = {
  lines: items,
  discounts: [{ description: 'Korting vaste klant', vatRatePercent: 21, amountCents: 1_000 }],
  invoiceDiscount: { percent: 5 },
  note: 'Betaald met cadeaubon 2026-17',
};

async function counts() {
  const [row] = await clinic.database.asOwner(
    `select (select count(*) from invoice)::int as invoices, (select count(*) from invoice_line)::int as lines,
            (select coalesce(sum(last), 0) from invoice_counter)::int as numbers, (select count(*) from audit_event)::int as audit`,
  );
  return row;
}

beforeAll(async () => {
  clinic = await aClinic('2026-12-14T10:00:00Z');
  anouk = await clinic.hire('practitioner', 'Anouk Export');
  rosa = await clinic.hire('reception', 'Rosa Export');
  anna = await clinic.aClient(anouk, {
    firstName: 'Anna',
    lastName: 'Export',
    street: 'Kerkstraat',
    houseNumber: '12',
    postcode: '1017 GC',
    city: 'Amsterdam',
  });
});
afterAll(() => clinic.close());

describe('clinic details on invoices', () => {
  it('stores the address, phone and website, checks each field, and refuses an IBAN whose checksum fails', async () => {
    const good = {
      street: 'Prinsengracht',
      houseNumber: '263',
      postcode: '1016gv',
      city: 'Amsterdam',
      phone: '020-1234567',
      website: 'www.huidkliniek.nl',
      vatNumber: 'NL123456789B01',
      chamberOfCommerce: '12345678',
      iban: 'NL91 ABNA 0417 1643 00',
    };
    for (const [field, value] of [
      ['iban', 'NL00ABNA0000000000'],
      ['postcode', '101 GV'],
      ['phone', 'bel ons'],
      ['website', 'ftp://huidkliniek.nl'],
    ] as const) {
      const bad = await clinic.owner.call('PUT', '/api/invoices/clinic-details', { ...good, [field]: value });
      expect(bad.statusCode, field).toBe(400);
      expect(bad.json().errors?.map((e: { field: string }) => e.field) ?? bad.body, field).toContain(field);
    }
    // Nothing of a refused request was written.
    expect((await clinic.owner.call('GET', '/api/invoices/clinic-details')).json().street).toBeNull();
    const saved = await clinic.owner.call('PUT', '/api/invoices/clinic-details', good);
    expect(saved.statusCode, saved.body).toBe(204);
    expect((await clinic.owner.call('GET', '/api/invoices/clinic-details')).json()).toEqual({
      ...good,
      postcode: '1016 GV',
      website: 'https://www.huidkliniek.nl',
      iban: 'NL91ABNA0417164300',
    });
    // A field left out keeps what is stored (the older form sends three fields).
    await clinic.owner.call('PUT', '/api/invoices/clinic-details', {
      vatNumber: good.vatNumber,
      chamberOfCommerce: good.chamberOfCommerce,
      iban: good.iban,
    });
    expect((await clinic.owner.call('GET', '/api/invoices/clinic-details')).json().phone).toBe('020-1234567');
    expect((await rosa.call('PUT', '/api/invoices/clinic-details', good)).statusCode).toBe(403);
  });
});

describe('discounts, preview and the PDF', () => {
  it('refuses a negative quantity or price with the field named, and takes no number', async () => {
    const before = await counts();
    for (const [field, line] of [
      ['lines.0.unitPriceCents', { ...items[0], description: 'Korting vaste klant', unitPriceCents: -1_000 }],
      ['lines.0.quantity', { ...items[0], quantity: -1 }],
    ] as const) {
      const refused = await rosa.call('POST', `/api/clients/${anna}/invoices`, { lines: [line] });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain(field);
    }
    const tooMuch = await rosa.call('POST', `/api/clients/${anna}/invoices`, {
      lines: [items[2]],
      discounts: [{ vatRatePercent: 9, amountCents: 1_091 }],
    });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.body).toContain('discounts.0.amountCents');
    const after = await counts();
    expect({ ...after, audit: 0 }).toEqual({ ...before, audit: 0 });
  });

  it('previews on the server without writing anything or taking a number; issuing gives the same amounts', async () => {
    const before = await counts();
    const preview = await rosa.call('POST', '/api/invoices/preview', draft);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(await counts()).toEqual(before);
    const shown = preview.json();
    expect(shown).not.toHaveProperty('number');
    // 18,490 at 21% less 1,000; 1,090 at 9%; then 5% of 18,580 = 929 spread pro rata.
    expect(shown.discountCents).toBe(1_000 + 929);
    expect(shown.totalCents).toBe(19_580 - 1_929);
    const rates = shown.byRate as { vatRatePercent: number; totalCents: number; vatCents: number }[];
    expect(rates.reduce((sum, r) => sum + r.totalCents, 0)).toBe(shown.totalCents);

    const issued = await rosa.call('POST', `/api/clients/${anna}/invoices`, draft);
    expect(issued.statusCode, issued.body).toBe(201);
    const invoice = issued.json();
    expect(invoice.number).toBe('2026-000001');
    expect(invoice).toMatchObject({ totalCents: shown.totalCents, vatCents: shown.vatCents });
    expect(invoice.lines.map((l: { kind: string }) => l.kind)).toEqual([
      'item',
      'item',
      'item',
      'discount',
      'discount',
      'discount',
    ]);
  });

  it('prints the supplier’s address and numbers, the remark, the discounts and a credit note’s reason, in Dutch', async () => {
    const [invoice] = (await rosa.call('GET', `/api/clients/${anna}/invoices`)).json();
    const text = await pdfText((await rosa.call('GET', `/api/invoices/${invoice.id}/pdf`)).rawPayload);
    for (const expected of [
      'Prinsengracht 263',
      '1016 GV Amsterdam',
      'Telefoon: 020-1234567',
      'www.huidkliniek.nl',
      'KvK: 12345678',
      'Btw-nummer: NL123456789B01',
      'IBAN: NL91 ABNA 0417 1643 00',
      'Datum: 14 december 2026',
      'Opmerking: Betaald met cadeaubon 2026-17',
      'Korting vaste klant',
      '€ -10,00',
      'Korting op de factuur (5%), 21% btw',
      `€ ${(invoice.totalCents / 100).toFixed(2).replace('.', ',')}`,
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}(?!-)/); // no ISO dates (the note's own text has none)
    const english = await pdfText(
      (await rosa.call('GET', `/api/invoices/${invoice.id}/pdf?language=en`)).rawPayload,
    );
    expect(english).toContain('Date: 14 December 2026');
    expect(english).toContain('Remark: Betaald met cadeaubon');
    expect(english).toContain('Phone: 020-1234567');

    const credit = await rosa.call('POST', `/api/invoices/${invoice.id}/credit-note`, {
      reason: 'Behandeling niet doorgegaan',
    });
    expect(credit.statusCode, credit.body).toBe(201);
    expect(credit.json().totalCents).toBe(-invoice.totalCents);
    expect(credit.json().vatCents).toBe(-invoice.vatCents);
    const creditText = await pdfText(
      (await rosa.call('GET', `/api/invoices/${credit.json().id}/pdf`)).rawPayload,
    );
    expect(creditText).toContain('Reden: Behandeling niet doorgegaan');
    expect(creditText).toContain(`Correctie van factuur: ${invoice.number}`);
  });
});

describe('the accountant’s export', () => {
  it('gives the period’s lines, payments and VAT per rate as CSV, and each invoice as PDF and UBL, matching the page', async () => {
    const second = (
      await rosa.call('POST', `/api/clients/${anna}/invoices`, {
        lines: [items[1], items[2]],
        note: 'Tweede; met "quotes"',
      })
    ).json();
    expect(
      (
        await rosa.call('POST', `/api/invoices/${second.id}/payments`, {
          method: 'card',
          amountCents: 2_000,
          paidOn: '2026-12-14',
        })
      ).statusCode,
    ).toBe(201);

    expect((await anouk.call('GET', '/api/invoices/export?from=2026-12-01&to=2026-12-31')).statusCode).toBe(
      403,
    );
    expect((await rosa.call('GET', '/api/invoices/export?from=2026-12-31&to=2026-12-01')).body).toContain(
      'to',
    );
    const response = await rosa.call('GET', '/api/invoices/export?from=2026-12-01&to=2026-12-31');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['cache-control']).toBe('no-store');
    const files = unzipSync(new Uint8Array(response.rawPayload));
    const text = (name: string) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(files[name]);

    const page = (await rosa.call('GET', '/api/invoices?year=2026')).json() as {
      number: string;
      kind: string;
      totalCents: number;
      lines: { vatRatePercent: number; vatCents: number; totalCents: number }[];
    }[];
    expect(page.length).toBe(3);
    expect(Object.keys(files).sort()).toEqual(
      [
        'betalingen.csv',
        'btw-per-tarief.csv',
        'factuurregels.csv',
        ...page.flatMap((r) => [`pdf/${r.number}.pdf`, `ubl/${r.number}.xml`]),
      ].sort(),
    );

    // The lines: the header Dutch packages map, one row per line, a decimal comma, dd-mm-jjjj.
    const csv = text('factuurregels.csv');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = rowsOf(csv);
    expect(header).toEqual(LINE_COLUMNS);
    expect(rows.length).toBe(page.reduce((sum, r) => sum + r.lines.length, 0));
    // The rate's VAT is computed on its discounted total; the cent of rounding sits on its largest line.
    expect(rows[0]).toEqual([
      '2026-000001',
      '14-12-2026',
      'factuur',
      'Anna Export',
      'Chemische peeling',
      '1',
      '103,30',
      '21',
      '21,70',
      '125,00',
    ]);
    expect(rows.find((r) => r[4] === 'Korting vaste klant')?.[9]).toBe('-10,00');
    expect(rows.filter((r) => r[2] === 'creditnota').length).toBe(6);
    for (const row of rows) {
      expect(row.length).toBe(LINE_COLUMNS.length);
      expect(cents(row[6] as string) + cents(row[8] as string)).toBe(cents(row[9] as string));
    }

    // VAT per rate: the export's lines, its totals file and the invoices page's totals agree.
    const pageVat = new Map<number, number>();
    for (const line of page.flatMap((r) => r.lines))
      pageVat.set(line.vatRatePercent, (pageVat.get(line.vatRatePercent) ?? 0) + line.vatCents);
    const csvVat = new Map<number, number>();
    for (const row of rows)
      csvVat.set(Number(row[7]), (csvVat.get(Number(row[7])) ?? 0) + cents(row[8] as string));
    expect(csvVat).toEqual(pageVat);
    const [totalsHeader, ...totals] = rowsOf(text('btw-per-tarief.csv'));
    expect(totalsHeader).toEqual(['Btw-tarief', 'Omzet excl. btw', 'Btw-bedrag', 'Omzet incl. btw']);
    expect(new Map(totals.map((r) => [Number(r[0]), cents(r[2] as string)]))).toEqual(pageVat);
    const pageTotal = page.reduce((sum, r) => sum + r.totalCents, 0);
    expect(totals.reduce((sum, r) => sum + cents(r[3] as string), 0)).toBe(pageTotal);

    const [paymentsHeader, ...payments] = rowsOf(text('betalingen.csv'));
    expect(paymentsHeader).toEqual(['Factuurnummer', 'Betaaldatum', 'Methode', 'Bedrag', 'Referentie']);
    expect(payments).toEqual([[second.number, '14-12-2026', 'pin', '20,00', '']]);

    // UBL 2.1 / Peppol BIS 3.0: well-formed, with the required elements and consistent totals.
    for (const record of page) {
      const tree = parseXml(text(`ubl/${record.number}.xml`));
      const credit = record.kind === 'credit_note';
      const root = credit ? '/CreditNote' : '/Invoice';
      expect(tree[0]?.[0]).toBe(
        `urn:oasis:names:specification:ubl:schema:xsd:${credit ? 'CreditNote' : 'Invoice'}-2`,
      );
      expect(elementText(tree, `${root}/CustomizationID`)).toBe(
        'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0',
      );
      expect(elementText(tree, `${root}/ProfileID`)).toBe('urn:fdc:peppol.eu:2017:poacc:billing:01:1.0');
      expect(elementText(tree, `${root}/ID`)).toBe(record.number);
      expect(elementText(tree, `${root}/IssueDate`)).toBe('2026-12-14');
      expect(elementText(tree, `${root}/${credit ? 'CreditNoteTypeCode' : 'InvoiceTypeCode'}`)).toBe(
        credit ? '381' : '380',
      );
      expect(elementText(tree, `${root}/DocumentCurrencyCode`)).toBe('EUR');
      const supplier = `${root}/AccountingSupplierParty/Party`;
      expect(elementText(tree, `${supplier}/PartyName/Name`)).toBeTruthy();
      expect(elementText(tree, `${supplier}/PostalAddress/StreetName`)).toBe('Prinsengracht 263');
      expect(elementText(tree, `${supplier}/PostalAddress/PostalZone`)).toBe('1016 GV');
      expect(elementText(tree, `${supplier}/PostalAddress/Country/IdentificationCode`)).toBe('NL');
      expect(elementText(tree, `${supplier}/PartyTaxScheme/CompanyID`)).toBe('NL123456789B01');
      expect(elementText(tree, `${supplier}/PartyLegalEntity/CompanyID`)).toBe('12345678');
      expect(elementText(tree, `${root}/AccountingCustomerParty/Party/PartyName/Name`)).toBe('Anna Export');
      const sign = credit ? -1 : 1;
      const taxTotal = cents(elementText(tree, `${root}/TaxTotal/TaxAmount`) as string);
      const subtotals = valuesOf(tree, `${root}/TaxTotal/TaxSubtotal/TaxAmount`).map(cents);
      expect(subtotals.reduce((a, b) => a + b, 0)).toBe(taxTotal);
      expect(
        valuesOf(tree, `${root}/TaxTotal/TaxSubtotal/TaxCategory/ID`).every((id) => id === 'S' || id === 'Z'),
      ).toBe(true);
      const money = (name: string) => cents(elementText(tree, `${root}/LegalMonetaryTotal/${name}`) ?? '0');
      expect(money('TaxInclusiveAmount')).toBe(sign * record.totalCents);
      expect(money('TaxExclusiveAmount') + taxTotal).toBe(money('TaxInclusiveAmount'));
      expect(money('LineExtensionAmount') - money('AllowanceTotalAmount')).toBe(money('TaxExclusiveAmount'));
      const lineTag = credit ? 'CreditNoteLine' : 'InvoiceLine';
      const lineAmounts = valuesOf(tree, `${root}/${lineTag}/LineExtensionAmount`).map(cents);
      expect(lineAmounts.reduce((a, b) => a + b, 0)).toBe(money('LineExtensionAmount'));
      expect(valuesOf(tree, `${root}/${lineTag}/Item/ClassifiedTaxCategory/ID`).length).toBe(
        lineAmounts.length,
      );
      expect(valuesOf(tree, `${root}/${lineTag}/Price/PriceAmount`).length).toBe(lineAmounts.length);
      if (credit)
        expect(elementText(tree, `${root}/BillingReference/InvoiceDocumentReference/ID`)).toBe('2026-000001');
    }
    expect(await pdfText(Buffer.from(files[`pdf/${page[0]?.number}.pdf`] as Uint8Array))).toContain(
      '14 december 2026',
    );

    const logged = await clinic.database.asOwner(
      `select action, object_type, actor_role from audit_event where action = 'export' and object_type in ('client', 'invoice_period') order by seq`,
    );
    expect(logged).toEqual(
      expect.arrayContaining([
        { action: 'export', object_type: 'client', actor_role: 'reception' },
        { action: 'export', object_type: 'invoice_period', actor_role: 'reception' },
      ]),
    );
  });
});
