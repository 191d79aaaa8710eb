/**
 * The accountant's export (decision 0021): per period a ZIP with the invoice lines, the payments and
 * the VAT per rate as CSV, and each invoice's PDF and UBL. The CSVs are what Dutch bookkeeping
 * packages import: UTF-8 with a byte-order mark, semicolons, a header row, a decimal comma without
 * thousands separator, dates as dd-mm-jjjj, CRLF line ends. A text cell that a spreadsheet would run
 * as a formula (= + - @ at the start) is prefixed with an apostrophe.
 */
import { zipSync } from 'fflate';
import type { InvoiceView } from './invoice.service';

const BOM = '\uFEFF';

/** Cents as `-1234,56`. */
export function decimalComma(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/** `2026-12-14` as `14-12-2026`. */
export function dutchDay(isoDay: string): string {
  const [year, month, day] = isoDay.split('-');
  return `${day}-${month}-${year}`;
}

function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csv(header: string[], rows: string[][]): string {
  return `${BOM}${[header, ...rows].map((row) => row.join(';')).join('\r\n')}\r\n`;
}

export const LINE_COLUMNS = [
  'Factuurnummer',
  'Factuurdatum',
  'Soort',
  'Klant',
  'Omschrijving',
  'Aantal',
  'Bedrag excl. btw',
  'Btw-tarief',
  'Btw-bedrag',
  'Bedrag incl. btw',
];

/** One row per invoice line (discount lines included, negative), numbers with a decimal comma. */
export function linesCsv(views: InvoiceView[]): string {
  return csv(
    LINE_COLUMNS,
    views.flatMap((view) =>
      view.lines.map((line) => [
        cell(view.number),
        dutchDay(view.issuedOn),
        view.kind === 'invoice' ? 'factuur' : 'creditnota',
        cell(view.clientName),
        cell(line.description),
        String(line.quantity),
        decimalComma(line.totalCents - line.vatCents),
        String(line.vatRatePercent),
        decimalComma(line.vatCents),
        decimalComma(line.totalCents),
      ]),
    ),
  );
}

const METHODS = { card: 'pin', cash: 'contant', ideal: 'iDEAL', transfer: 'overboeking' } as const;

export function paymentsCsv(views: InvoiceView[]): string {
  return csv(
    ['Factuurnummer', 'Betaaldatum', 'Methode', 'Bedrag', 'Referentie'],
    views.flatMap((view) =>
      view.payments.map((payment) => [
        cell(view.number),
        dutchDay(payment.paidOn),
        METHODS[payment.method],
        decimalComma(payment.amountCents),
        cell(payment.reference ?? ''),
      ]),
    ),
  );
}

export type VatTotal = { vatRatePercent: number; netCents: number; vatCents: number; totalCents: number };

/** Per rate over the period's invoices and credit notes (credit notes count negative). */
export function vatTotals(views: InvoiceView[]): VatTotal[] {
  const byRate = new Map<number, VatTotal>();
  for (const line of views.flatMap((view) => view.lines)) {
    const total = byRate.get(line.vatRatePercent) ?? {
      vatRatePercent: line.vatRatePercent,
      netCents: 0,
      vatCents: 0,
      totalCents: 0,
    };
    total.netCents += line.totalCents - line.vatCents;
    total.vatCents += line.vatCents;
    total.totalCents += line.totalCents;
    byRate.set(line.vatRatePercent, total);
  }
  return [...byRate.values()].sort((a, b) => b.vatRatePercent - a.vatRatePercent);
}

export function vatTotalsCsv(views: InvoiceView[]): string {
  return csv(
    ['Btw-tarief', 'Omzet excl. btw', 'Btw-bedrag', 'Omzet incl. btw'],
    vatTotals(views).map((total) => [
      String(total.vatRatePercent),
      decimalComma(total.netCents),
      decimalComma(total.vatCents),
      decimalComma(total.totalCents),
    ]),
  );
}

export function exportZip(
  views: InvoiceView[],
  documents: { number: string; pdf: Buffer; ubl: string }[],
): Buffer {
  const encode = (text: string) => new TextEncoder().encode(text);
  const files: Record<string, Uint8Array> = {
    'factuurregels.csv': encode(linesCsv(views)),
    'betalingen.csv': encode(paymentsCsv(views)),
    'btw-per-tarief.csv': encode(vatTotalsCsv(views)),
  };
  for (const document of documents) {
    files[`pdf/${document.number}.pdf`] = new Uint8Array(document.pdf);
    files[`ubl/${document.number}.xml`] = encode(document.ubl);
  }
  return Buffer.from(zipSync(files, { level: 6 }));
}
