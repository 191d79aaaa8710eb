import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { pdfText } from '../../../test/support/pdf-text';
import { expectStatus } from '../../../test/support/status';
import { vatIncluded } from './invoice.service';

let clinic: TestClinic;
let anouk: StaffMember; // practitioner
let bram: StaffMember; // practitioner who does not treat Anna
let rosa: StaffMember; // reception
let anna: string;

/** A statement as the app's own database role, as an actor of the given role at the given time. */
async function asApp(role: string, statement: string, now = ''): Promise<unknown[]> {
  return clinic.database.db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('vellum.actor_role', ${role}, true), set_config('vellum.now', ${now}, true)`,
    );
    return ((await tx.execute(sql.raw(statement))) as unknown as { rows: unknown[] }).rows;
  });
}
const at = (day: string) => new Date(`${day}T00:00:00Z`);
const lines = [
  { description: 'Chemische peeling', quantity: 1, unitPriceCents: 12_500, vatRatePercent: 21 },
  { description: 'Dagcrème SPF 30', quantity: 2, unitPriceCents: 2_995, vatRatePercent: 21 },
  { description: 'Advies', quantity: 1, unitPriceCents: 1_090, vatRatePercent: 9 },
];

beforeAll(async () => {
  clinic = await aClinic('2025-01-10T11:00:00Z');
  anouk = await clinic.hire('practitioner', 'Anouk Factuur');
  bram = await clinic.hire('practitioner', 'Bram Factuur');
  rosa = await clinic.hire('reception', 'Rosa Factuur');
  anna = await clinic.aClient(anouk, {
    firstName: 'Anna',
    lastName: 'Factuur',
    street: 'Kerkstraat',
    houseNumber: '12',
    postcode: '1017 GC',
    city: 'Amsterdam',
  });
  const details = await clinic.owner.call('PUT', '/api/invoices/clinic-details', {
    vatNumber: 'NL123456789B01',
    chamberOfCommerce: '12345678',
    iban: 'NL91 ABNA 0417 1643 00',
  });
  expect(details.statusCode, details.body).toBe(204);
});
afterAll(() => clinic.close());

describe('invoices', () => {
  it('numbers invoices without gaps per year, with VAT per line and per rate, and prints them', async () => {
    const first = await rosa.call('POST', `/api/clients/${anna}/invoices`, { lines });
    expect(first.statusCode, first.body).toBe(201);
    const invoice = first.json();
    expect(invoice).toMatchObject({
      number: '2025-000001',
      issuedOn: '2025-01-10',
      clientName: 'Anna Factuur',
      clientAddress: 'Kerkstraat 12, 1017 GC Amsterdam',
      totalCents: 12_500 + 5_990 + 1_090,
      vatCents: vatIncluded(12_500, 21) + vatIncluded(5_990, 21) + vatIncluded(1_090, 9),
      openCents: 19_580,
    });
    expect(vatIncluded(12_500, 21)).toBe(2_169);
    expect(vatIncluded(1_090, 9)).toBe(90);

    // Bad input names the field and uses no number.
    const bad = await rosa.call('POST', `/api/clients/${anna}/invoices`, {
      lines: [{ ...lines[0], vatRatePercent: 15 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('lines.0.vatRatePercent');
    const empty = await rosa.call('POST', `/api/clients/${anna}/invoices`, { lines: [] });
    expect(empty.statusCode).toBe(400);
    const second = await anouk.call('POST', `/api/clients/${anna}/invoices`, { lines: [lines[2]] });
    expect(second.json().number).toBe('2025-000002');

    const pdf = await rosa.call('GET', `/api/invoices/${invoice.id}/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['cache-control']).toBe('no-store');
    const text = await pdfText(pdf.rawPayload);
    for (const expected of [
      'Factuur 2025-000001',
      'Anna Factuur',
      'Kerkstraat 12, 1017 GC Amsterdam',
      'NL123456789B01',
      'Chemische peeling',
      'Btw 21% (inbegrepen)',
      'Btw 9% (inbegrepen)',
      '€ 195,80',
      'NL91 ABNA 0417 1643 00',
    ]) {
      expect(text).toContain(expected);
    }
    const english = await pdfText(
      (await rosa.call('GET', `/api/invoices/${invoice.id}/pdf?language=en`)).rawPayload,
    );
    expect(english).toContain('Invoice 2025-000001');
    expect(english).toContain('VAT 9% (included)');

    const printed = await clinic.database.asOwner(
      `select action, actor_role from audit_event where object_type = 'invoice' and object_id = '${invoice.id}' order by seq`,
    );
    expect(printed).toEqual(
      expect.arrayContaining([
        { action: 'print', actor_role: 'reception' },
        { action: 'print', actor_role: 'reception' },
      ]),
    );
  });

  it('records payments up to what is open, and corrects an invoice only with a credit note', async () => {
    const invoice = (await rosa.call('POST', `/api/clients/${anna}/invoices`, { lines: [lines[0]] })).json();
    const part = await rosa.call('POST', `/api/invoices/${invoice.id}/payments`, {
      method: 'card',
      amountCents: 5_000,
      paidOn: '2025-01-10',
    });
    expect(part.json()).toMatchObject({ paidCents: 5_000, openCents: 7_500 });
    const tooMuch = await rosa.call('POST', `/api/invoices/${invoice.id}/payments`, {
      method: 'cash',
      amountCents: 7_501,
      paidOn: '2025-01-10',
    });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.body).toContain('amountCents');
    const future = await rosa.call('POST', `/api/invoices/${invoice.id}/payments`, {
      method: 'cash',
      amountCents: 100,
      paidOn: '2025-01-11',
    });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('paidOn');

    // The database refuses to change an issued invoice, whatever the application asks.
    await expect(
      asApp('owner', `update invoice set total_cents = 1 where id = '${invoice.id}'`),
    ).rejects.toThrow();

    const credit = await rosa.call('POST', `/api/invoices/${invoice.id}/credit-note`, {
      reason: 'Behandeling niet doorgegaan',
    });
    expect(credit.statusCode, credit.body).toBe(201);
    expect(credit.json()).toMatchObject({
      kind: 'credit_note',
      creditFor: invoice.id,
      totalCents: -12_500,
      vatCents: -2_169,
    });
    expect((await rosa.call('GET', `/api/invoices/${invoice.id}`)).json()).toMatchObject({
      openCents: 0,
      creditedBy: { id: credit.json().id, number: credit.json().number },
    });
    // What was paid on the invoice is what the credit note has to refund.
    expect(credit.json().openCents).toBe(-5_000);
    // The 50 euros paid are refunded on the credit note.
    const refund = await rosa.call('POST', `/api/invoices/${credit.json().id}/payments`, {
      method: 'card',
      amountCents: -5_000,
      paidOn: '2025-01-10',
    });
    expect(refund.statusCode, refund.body).toBe(201);
    expect(refund.json().openCents).toBe(0);
    // Crediting an invoice nobody paid leaves nothing to refund.
    const unpaid = (await rosa.call('POST', `/api/clients/${anna}/invoices`, { lines: [lines[2]] })).json();
    const unpaidCredit = await rosa.call('POST', `/api/invoices/${unpaid.id}/credit-note`, {
      reason: 'Dubbel gemaakt',
    });
    expect(unpaidCredit.json().openCents).toBe(0);
    const again = await rosa.call('POST', `/api/invoices/${invoice.id}/credit-note`, {
      reason: 'Nog een keer',
    });
    expect(again.statusCode).toBe(409);
    const creditPdf = await pdfText(
      (await rosa.call('GET', `/api/invoices/${credit.json().id}/pdf`)).rawPayload,
    );
    expect(creditPdf).toContain(`Correctie van factuur: ${invoice.number}`);
  });

  it('[P8.1] shows invoices only to who sees the client', async () => {
    const list = await anouk.call('GET', `/api/clients/${anna}/invoices`);
    expect(list.json().length).toBeGreaterThanOrEqual(3);
    const one = list.json()[0].id;
    expect((await bram.call('GET', `/api/clients/${anna}/invoices`)).statusCode).toBe(404);
    expect((await bram.call('GET', `/api/invoices/${one}`)).statusCode).toBe(404);
    expect((await bram.call('GET', `/api/invoices/${one}/pdf`)).statusCode).toBe(404);
    expect((await bram.call('GET', '/api/invoices?year=2025')).statusCode).toBe(403);
    expect((await rosa.call('GET', '/api/invoices?year=2025')).json().length).toBeGreaterThanOrEqual(4);
  });
});

describe('financial records and retention', () => {
  it('[P9.1] [P9.3] keeps invoices when the dossier is destroyed, and destroys them seven years after their date', async () => {
    const carla = await clinic.aClient(anouk, { firstName: 'Carla', lastName: 'Bewaar' });
    const visit = await anouk.call('POST', `/api/clients/${carla}/treatments`, {
      kind: 'consult',
      done: 'Consult',
      performedAt: '2025-01-10T10:00:00.000Z',
    });
    expect(visit.statusCode, visit.body).toBe(201);
    const invoice = (await rosa.call('POST', `/api/clients/${carla}/invoices`, { lines: [lines[2]] })).json();
    await expectStatus(
      rosa.call('POST', `/api/invoices/${invoice.id}/payments`, {
        method: 'ideal',
        amountCents: 1_090,
        paidOn: '2025-01-10',
      }),
      201,
    );
    const rows = async (table: string, column = 'client_id') =>
      (await clinic.database.asOwner(`select 1 from ${table} where ${column} = '${carla}'`)).length;

    // The database itself refuses to destroy a financial record before its seven years.
    expect(
      await asApp(
        'system',
        `delete from invoice where id = '${invoice.id}' returning id`,
        '2032-01-10T00:00:00Z',
      ),
    ).toEqual([]);
    expect(
      await asApp(
        'owner',
        `delete from invoice where id = '${invoice.id}' returning id`,
        '2040-01-01T00:00:00Z',
      ),
    ).toEqual([]);

    const dossierGone = await clinic.context.retention.run({ asOf: at('2027-01-11'), dryRun: false });
    expect(dossierGone.destroyed).toBeGreaterThanOrEqual(1);
    expect(await rows('client', 'id')).toBe(0);
    expect(await rows('treatment')).toBe(0);
    expect(await rows('invoice')).toBe(1);
    expect(
      (await clinic.database.asOwner(`select 1 from invoice_payment where invoice_id = '${invoice.id}'`))
        .length,
    ).toBe(1);

    // The job runs on the clinic's clock; the database checks the seven years against that clock,
    // so not even a run "as of" a later date destroys a financial record early.
    const early = await clinic.context.retention.run({ asOf: at('2032-01-11'), dryRun: false });
    expect(early.financialRecordsDestroyed).toBe(0);
    expect(await rows('invoice')).toBe(1);
    clinic.clock.set('2032-01-10T12:00:00Z');
    const dayBefore = await clinic.context.retention.run({ asOf: clinic.clock.now(), dryRun: false });
    expect(dayBefore.financialRecordsDestroyed).toBe(0);
    expect(await rows('invoice')).toBe(1);
    clinic.clock.set('2032-01-11T12:00:00Z');
    const sevenYearsAndADay = await clinic.context.retention.run({ asOf: clinic.clock.now(), dryRun: false });
    expect(sevenYearsAndADay.financialRecordsDestroyed).toBeGreaterThanOrEqual(1);
    expect(await rows('invoice')).toBe(0);
    expect(
      (await clinic.database.asOwner(`select 1 from invoice_payment where invoice_id = '${invoice.id}'`))
        .length,
    ).toBe(0);
    const logged = await clinic.database.asOwner(
      `select actor_role, origin from audit_event where action = 'delete' and object_type = 'invoice' and object_id = '${invoice.id}'`,
    );
    expect(logged).toEqual([{ actor_role: 'job:retention', origin: 'job:retention' }]);
  });
});
