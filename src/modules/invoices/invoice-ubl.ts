/**
 * An invoice or credit note as UBL 2.1 following Peppol BIS Billing 3.0 (decision 0021), for the
 * accountant's export. Amounts in UBL are excluding VAT and positive on a credit note; discounts are
 * document-level allowances per VAT rate. Categories: S (standard and reduced rate, with the percent)
 * and Z (0%) — Peppol's subset of UNCL 5305 has no AA, a reduced rate is S with 9.
 */
import type { clinic } from '../../db/schema';
import type { InvoiceView } from './invoice.service';

const NS = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  creditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};
export const PEPPOL_CUSTOMIZATION =
  'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PEPPOL_PROFILE = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

export function xmlText(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** Cents as `123.45` (a dot, as XML Schema decimals are written). */
export function decimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const el = (name: string, content: string, attributes = '') =>
  content === '' ? '' : `<${name}${attributes}>${content}</${name}>`;
const amount = (name: string, cents: number) => el(`cbc:${name}`, decimal(cents), ' currencyID="EUR"');
const text = (name: string, value: string | null | undefined) =>
  value ? el(`cbc:${name}`, xmlText(value)) : '';

function taxCategory(tag: 'TaxCategory' | 'ClassifiedTaxCategory', rate: number): string {
  return el(
    `cac:${tag}`,
    `${text('ID', rate === 0 ? 'Z' : 'S')}${el('cbc:Percent', String(rate))}${el('cac:TaxScheme', text('ID', 'VAT'))}`,
  );
}

/** `Kerkstraat 12, 1017 GC Amsterdam` as UBL's address parts. */
function addressOf(address: string | null): string {
  const [street = '', town = ''] = (address ?? '').split(', ');
  const match = /^(\d{4} ?[A-Z]{2}) (.+)$/.exec(town);
  return el(
    'cac:PostalAddress',
    `${text('StreetName', street)}${text('CityName', match ? match[2] : town)}${text('PostalZone', match?.[1])}${el('cac:Country', text('IdentificationCode', 'NL'))}`,
  );
}

export function invoiceUbl(
  view: InvoiceView,
  practice: typeof clinic.$inferSelect,
  creditedNumber: string | null,
): string {
  const credit = view.kind === 'credit_note';
  // UBL's credit note carries positive amounts; ours are negative.
  const sign = credit ? -1 : 1;
  const lines = view.lines.map((line) => ({
    ...line,
    quantity: sign * line.quantity,
    totalCents: sign * line.totalCents,
    vatCents: sign * line.vatCents,
    netCents: sign * (line.totalCents - line.vatCents),
  }));
  const items = lines.filter((line) => line.kind === 'item');
  const discounts = lines.filter((line) => line.kind === 'discount');
  const rates = [...new Set(lines.map((line) => line.vatRatePercent))].sort((a, b) => b - a);
  const lineExtension = items.reduce((sum, line) => sum + line.netCents, 0);
  const allowance = -discounts.reduce((sum, line) => sum + line.netCents, 0);
  const tax = lines.reduce((sum, line) => sum + line.vatCents, 0);
  const taxExclusive = lineExtension - allowance;
  const prepaid = credit ? 0 : view.paidCents;

  const supplierAddress = addressOf(
    [
      [practice.street, practice.houseNumber].filter(Boolean).join(' '),
      [practice.postcode, practice.city].filter(Boolean).join(' '),
    ].join(', '),
  );
  const supplier = el(
    'cac:Party',
    [
      practice.chamberOfCommerce ? el('cbc:EndpointID', practice.chamberOfCommerce, ' schemeID="0106"') : '',
      el('cac:PartyName', text('Name', practice.name)),
      supplierAddress,
      practice.vatNumber
        ? el(
            'cac:PartyTaxScheme',
            `${text('CompanyID', practice.vatNumber)}${el('cac:TaxScheme', text('ID', 'VAT'))}`,
          )
        : '',
      el(
        'cac:PartyLegalEntity',
        `${text('RegistrationName', practice.name)}${practice.chamberOfCommerce ? el('cbc:CompanyID', practice.chamberOfCommerce, ' schemeID="0106"') : ''}`,
      ),
      practice.phone ? el('cac:Contact', text('Telephone', practice.phone)) : '',
    ].join(''),
  );
  const customer = el(
    'cac:Party',
    [
      el('cac:PartyName', text('Name', view.clientName)),
      addressOf(view.clientAddress),
      el('cac:PartyLegalEntity', text('RegistrationName', view.clientName)),
    ].join(''),
  );
  const taxTotal = el(
    'cac:TaxTotal',
    amount('TaxAmount', tax) +
      rates
        .map((rate) => {
          const ofRate = lines.filter((line) => line.vatRatePercent === rate);
          return el(
            'cac:TaxSubtotal',
            amount(
              'TaxableAmount',
              ofRate.reduce((sum, line) => sum + line.netCents, 0),
            ) +
              amount(
                'TaxAmount',
                ofRate.reduce((sum, line) => sum + line.vatCents, 0),
              ) +
              taxCategory('TaxCategory', rate),
          );
        })
        .join(''),
  );
  const allowances = discounts
    .map((line) =>
      el(
        'cac:AllowanceCharge',
        `${el('cbc:ChargeIndicator', 'false')}${text('AllowanceChargeReason', line.description)}${amount('Amount', -line.netCents)}${taxCategory('TaxCategory', line.vatRatePercent)}`,
      ),
    )
    .join('');
  const lineTag = credit ? 'CreditNoteLine' : 'InvoiceLine';
  const quantityTag = credit ? 'CreditedQuantity' : 'InvoicedQuantity';
  const invoiceLines = items
    .map((line) => {
      // The price excluding VAT per unit, to four decimals (Peppol allows more than two on a price).
      const price = line.quantity === 0 ? 0 : line.netCents / line.quantity / 100;
      return el(
        `cac:${lineTag}`,
        [
          text('ID', String(line.position)),
          el(`cbc:${quantityTag}`, String(line.quantity), ' unitCode="C62"'),
          amount('LineExtensionAmount', line.netCents),
          el(
            'cac:Item',
            `${text('Name', line.description)}${taxCategory('ClassifiedTaxCategory', line.vatRatePercent)}`,
          ),
          el('cac:Price', el('cbc:PriceAmount', Math.abs(price).toFixed(4), ' currencyID="EUR"')),
        ].join(''),
      );
    })
    .join('');
  const root = credit ? 'CreditNote' : 'Invoice';
  const note = view.note ? text('Note', view.note) : '';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<${root} xmlns="${credit ? NS.creditNote : NS.invoice}" xmlns:cac="${NS.cac}" xmlns:cbc="${NS.cbc}">`,
    text('CustomizationID', PEPPOL_CUSTOMIZATION),
    text('ProfileID', PEPPOL_PROFILE),
    text('ID', view.number),
    text('IssueDate', view.issuedOn),
    credit ? '' : text('DueDate', view.issuedOn),
    credit ? text('CreditNoteTypeCode', '381') : text('InvoiceTypeCode', '380'),
    note,
    text('DocumentCurrencyCode', 'EUR'),
    text('BuyerReference', view.clientId),
    creditedNumber
      ? el('cac:BillingReference', el('cac:InvoiceDocumentReference', text('ID', creditedNumber)))
      : '',
    el('cac:AccountingSupplierParty', supplier),
    el('cac:AccountingCustomerParty', customer),
    practice.iban && !credit
      ? el(
          'cac:PaymentMeans',
          `${text('PaymentMeansCode', '58')}${text('PaymentID', view.number)}${el('cac:PayeeFinancialAccount', text('ID', practice.iban))}`,
        )
      : '',
    allowances,
    taxTotal,
    el(
      'cac:LegalMonetaryTotal',
      [
        amount('LineExtensionAmount', lineExtension),
        amount('TaxExclusiveAmount', taxExclusive),
        amount('TaxInclusiveAmount', taxExclusive + tax),
        allowance !== 0 ? amount('AllowanceTotalAmount', allowance) : '',
        prepaid !== 0 ? amount('PrepaidAmount', prepaid) : '',
        amount('PayableAmount', taxExclusive + tax - prepaid),
      ].join(''),
    ),
    invoiceLines,
    `</${root}>\n`,
  ].join('');
}
