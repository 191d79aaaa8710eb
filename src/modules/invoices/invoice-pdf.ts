/**
 * An invoice or credit note as a PDF, with what Dutch VAT rules ask of it: the clinic's name,
 * address, VAT and Chamber of Commerce numbers; the number and date; the client's name and address;
 * each line with its VAT rate; the VAT per rate and the totals. Nothing medical beyond the line's
 * description (the treatment's name), which the law requires.
 */
import PDFDocument from 'pdfkit';
import type { clinic } from '../../db/schema';
import type { InvoiceView } from './invoice.service';

const TEXT = {
  nl: {
    invoice: 'Factuur',
    credit_note: 'Creditnota',
    number: 'Nummer',
    date: 'Datum',
    to: 'Aan',
    creditFor: 'Correctie van factuur',
    description: 'Omschrijving',
    quantity: 'Aantal',
    price: 'Prijs incl. btw',
    vat: 'Btw',
    amount: 'Bedrag',
    vatAt: (rate: number) => `Btw ${rate}% (inbegrepen)`,
    total: 'Totaal incl. btw',
    paid: 'Betaald',
    open: 'Nog te betalen',
    payTo: (iban: string) => `Graag overmaken op ${iban} onder vermelding van het factuurnummer.`,
    vatNumber: 'Btw-nummer',
    coc: 'KvK',
  },
  en: {
    invoice: 'Invoice',
    credit_note: 'Credit note',
    number: 'Number',
    date: 'Date',
    to: 'To',
    creditFor: 'Corrects invoice',
    description: 'Description',
    quantity: 'Qty',
    price: 'Price incl. VAT',
    vat: 'VAT',
    amount: 'Amount',
    vatAt: (rate: number) => `VAT ${rate}% (included)`,
    total: 'Total incl. VAT',
    paid: 'Paid',
    open: 'Still to pay',
    payTo: (iban: string) => `Please transfer to ${iban}, quoting the invoice number.`,
    vatNumber: 'VAT number',
    coc: 'Chamber of Commerce',
  },
};

export function euros(cents: number, language: 'nl' | 'en'): string {
  return new Intl.NumberFormat(language === 'nl' ? 'nl-NL' : 'en-IE', {
    style: 'currency',
    currency: 'EUR',
  }).format(cents / 100);
}

export async function invoicePdf(
  view: InvoiceView,
  practice: typeof clinic.$inferSelect,
  language: 'nl' | 'en',
  creditedNumber: string | null,
): Promise<Buffer> {
  const t = TEXT[language];
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `${t[view.kind]} ${view.number}`, Author: practice.name },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const money = (cents: number) => euros(cents, language);

  doc.fontSize(16).text(practice.name);
  doc.fontSize(9).fillColor('#444');
  const street = [practice.street, practice.houseNumber].filter(Boolean).join(' ');
  const town = [practice.postcode, practice.city].filter(Boolean).join(' ');
  for (const line of [street, town]) if (line) doc.text(line);
  if (practice.vatNumber) doc.text(`${t.vatNumber}: ${practice.vatNumber}`);
  if (practice.chamberOfCommerce) doc.text(`${t.coc}: ${practice.chamberOfCommerce}`);
  doc.fillColor('black').moveDown(1.5);

  doc.fontSize(14).text(`${t[view.kind]} ${view.number}`);
  doc.fontSize(10).text(`${t.date}: ${view.issuedOn}`);
  if (creditedNumber) doc.text(`${t.creditFor}: ${creditedNumber}`);
  doc.moveDown();
  doc.text(`${t.to}: ${view.clientName}`);
  if (view.clientAddress) doc.text(view.clientAddress);
  doc.moveDown(1.5);

  const columns = { description: 50, quantity: 300, price: 340, vat: 430, amount: 475 };
  const row = (cells: [string, string, string, string, string], bold = false) => {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    doc.text(cells[0], columns.description, y, { width: 240 });
    const after = doc.y;
    doc.text(cells[1], columns.quantity, y, { width: 35, align: 'right' });
    doc.text(cells[2], columns.price, y, { width: 80, align: 'right' });
    doc.text(cells[3], columns.vat, y, { width: 40, align: 'right' });
    doc.text(cells[4], columns.amount, y, { width: 70, align: 'right' });
    doc.y = Math.max(after, doc.y) + 4;
  };
  row([t.description, t.quantity, t.price, t.vat, t.amount], true);
  for (const line of view.lines) {
    row([
      line.description,
      String(line.quantity),
      money(line.unitPriceCents),
      `${line.vatRatePercent}%`,
      money(line.totalCents),
    ]);
  }
  doc.moveDown();
  const byRate = new Map<number, number>();
  for (const line of view.lines)
    byRate.set(line.vatRatePercent, (byRate.get(line.vatRatePercent) ?? 0) + line.vatCents);
  for (const [rate, cents] of [...byRate].sort((a, b) => a[0] - b[0]))
    row([t.vatAt(rate), '', '', '', money(cents)]);
  row([t.total, '', '', '', money(view.totalCents)], true);
  if (view.paidCents !== 0) row([t.paid, '', '', '', money(view.paidCents)]);
  if (view.kind === 'invoice' && view.openCents !== 0) {
    row([t.open, '', '', '', money(view.openCents)], true);
    if (practice.iban) doc.moveDown().font('Helvetica').text(t.payTo(practice.iban), columns.description);
  }
  doc.end();
  return done;
}
