/**
 * An invoice or credit note as a PDF, with what Dutch VAT rules ask of it: the clinic's name,
 * address, phone, VAT and Chamber of Commerce numbers and IBAN; the number and date; the client's
 * name and address; each line with its VAT rate, discounts as negative lines (decision 0021); the VAT
 * per rate and the totals; the remark, or a credit note's reason. Entirely in the invoice's language
 * (Dutch default): `€ 110,50`, "14 december 2026". Nothing medical beyond the line's description
 * (the treatment's name), which the law requires.
 */
import PDFDocument from 'pdfkit';
import type { clinic } from '../../db/schema';
import { formatIban } from '../../platform/clinic-contact';
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
    iban: 'IBAN',
    phone: 'Telefoon',
    remark: 'Opmerking',
    reason: 'Reden',
    discount: 'Korting',
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
    iban: 'IBAN',
    phone: 'Phone',
    remark: 'Remark',
    reason: 'Reason',
    discount: 'Discount',
  },
};

/** `€ 110,50` (Dutch) or `€110.50` (English), with plain spaces and a real minus sign's hyphen. */
export function euros(cents: number, language: 'nl' | 'en'): string {
  return new Intl.NumberFormat(language === 'nl' ? 'nl-NL' : 'en-IE', {
    style: 'currency',
    currency: 'EUR',
  })
    .format(cents / 100)
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace('\u2212', '-');
}

/** `2026-12-14` as "14 december 2026" (Dutch) or "14 December 2026" (English). */
export function longDate(isoDay: string, language: 'nl' | 'en'): string {
  return new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${isoDay}T12:00:00Z`));
}

/** A credit note's note is `<invoice number>: <reason>`; the PDF shows the reason under its own label. */
function remarkOf(view: InvoiceView, creditedNumber: string | null): string | null {
  if (!view.note) return null;
  if (view.kind === 'credit_note' && creditedNumber && view.note.startsWith(`${creditedNumber}: `)) {
    return view.note.slice(creditedNumber.length + 2);
  }
  return view.note;
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
  if (practice.phone) doc.text(`${t.phone}: ${practice.phone}`);
  if (practice.website) doc.text(practice.website.replace(/^https?:\/\//, ''));
  if (practice.chamberOfCommerce) doc.text(`${t.coc}: ${practice.chamberOfCommerce}`);
  if (practice.vatNumber) doc.text(`${t.vatNumber}: ${practice.vatNumber}`);
  if (practice.iban) doc.text(`${t.iban}: ${formatIban(practice.iban)}`);
  doc.fillColor('black').moveDown(1.5);

  doc.fontSize(14).text(`${t[view.kind]} ${view.number}`);
  doc.fontSize(10).text(`${t.date}: ${longDate(view.issuedOn, language)}`);
  if (creditedNumber) doc.text(`${t.creditFor}: ${creditedNumber}`);
  const remark = remarkOf(view, creditedNumber);
  if (remark) doc.text(`${view.kind === 'credit_note' ? t.reason : t.remark}: ${remark}`, { width: 495 });
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
      line.kind === 'discount' ? '' : String(line.quantity),
      line.kind === 'discount' ? t.discount : money(line.unitPriceCents),
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
    if (practice.iban)
      doc
        .moveDown()
        .font('Helvetica')
        .text(t.payTo(formatIban(practice.iban)), columns.description);
  }
  doc.end();
  return done;
}
