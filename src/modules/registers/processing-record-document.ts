/**
 * The record of processing activities as the documents an auditor is handed: a PDF to read and a
 * CSV (one row per activity, `;`-separated as Dutch spreadsheets expect) to file. Same language as
 * the record itself; dates written out, times in the clinic's zone.
 */
import PDFDocument from 'pdfkit';
import { documentFormat, winAnsi } from '../../platform/document-format';
import type { ProcessingRecord } from './registers.service';

const HEADINGS = {
  nl: {
    title: 'Register van verwerkingsactiviteiten (art. 30 AVG)',
    generatedAt: 'Opgesteld op',
    controller: 'Verwerkingsverantwoordelijke',
    name: 'Naam',
    address: 'Adres',
    contact: 'Contact',
    activities: 'Verwerkingen',
    purpose: 'Doel',
    legalBasis: 'Grondslag',
    dataSubjects: 'Betrokkenen',
    dataCategories: 'Gegevens',
    recipients: 'Ontvangers',
    retention: 'Bewaartermijn',
    processors: 'Verwerkers',
    noProcessors: 'Geen externe verwerkers.',
    location: 'Vestiging',
    agreement: 'verwerkersovereenkomst van',
    withFeature: 'met de ingeschakelde functie',
    transfers: 'Doorgifte buiten de EER',
    security: 'Beveiligingsmaatregelen',
  },
  en: {
    title: 'Record of processing activities (GDPR art. 30)',
    generatedAt: 'Drawn up on',
    controller: 'Controller',
    name: 'Name',
    address: 'Address',
    contact: 'Contact',
    activities: 'Processing activities',
    purpose: 'Purpose',
    legalBasis: 'Legal basis',
    dataSubjects: 'Data subjects',
    dataCategories: 'Data',
    recipients: 'Recipients',
    retention: 'Retention',
    processors: 'Processors',
    noProcessors: 'No external processors.',
    location: 'Location',
    agreement: 'agreement of',
    withFeature: 'with the switched-on feature',
    transfers: 'Transfers outside the EEA',
    security: 'Security measures',
  },
} as const;

export function processingRecordPdf(record: ProcessingRecord, timeZone: string): Promise<Buffer> {
  const h = HEADINGS[record.language];
  const f = documentFormat(record.language, timeZone);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: winAnsi(h.title), Author: winAnsi(record.controller.name) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const heading = (text: string) =>
    doc.moveDown().fontSize(13).font('Helvetica-Bold').text(winAnsi(text)).font('Helvetica').fontSize(10);
  const line = (label: string, value: string | null) => doc.text(winAnsi(`${label}: ${value ?? '—'}`));

  doc.fontSize(18).text(winAnsi(`${record.controller.name}: ${h.title}`));
  doc
    .fontSize(9)
    .fillColor('#444')
    .text(winAnsi(`${h.generatedAt} ${f.dateTime(new Date(record.generatedAt))}`))
    .fillColor('black');

  heading(h.controller);
  line(h.name, record.controller.name);
  line(h.address, record.controller.address);
  line(h.contact, record.controller.contact);

  heading(h.activities);
  for (const activity of record.activities) {
    doc.font('Helvetica-Bold').text(winAnsi(activity.purpose)).font('Helvetica');
    line(h.legalBasis, activity.legalBasis);
    line(h.dataSubjects, activity.dataSubjects);
    line(h.dataCategories, activity.dataCategories);
    line(h.recipients, activity.recipients);
    line(h.retention, activity.retention);
    doc.moveDown(0.4);
  }

  heading(h.processors);
  if (record.processors.length === 0) doc.text(winAnsi(h.noProcessors));
  for (const p of record.processors) {
    const agreement = p.agreementDate ? `${h.agreement} ${f.day(p.agreementDate)}` : h.withFeature;
    doc.text(winAnsi(`${p.name}: ${p.purpose} (${h.location} ${p.location}; ${agreement})`));
  }

  heading(h.transfers);
  doc.text(winAnsi(record.transfersOutsideEea));

  heading(h.security);
  for (const measure of record.securityMeasures) doc.text(winAnsi(`• ${measure}`));
  doc.end();
  return done;
}

/** One row per activity, then one per processor; a byte-order mark so Excel reads the accents. */
export function processingRecordCsv(record: ProcessingRecord): string {
  const h = HEADINGS[record.language];
  const f = documentFormat(record.language, 'UTC');
  const cell = (value: string | null) => `"${(value ?? '').replaceAll('"', '""')}"`;
  const row = (values: (string | null)[]) => values.map(cell).join(';');
  const lines = [
    row([h.purpose, h.legalBasis, h.dataSubjects, h.dataCategories, h.recipients, h.retention]),
    ...record.activities.map((a) =>
      row([a.purpose, a.legalBasis, a.dataSubjects, a.dataCategories, a.recipients, a.retention]),
    ),
    '',
    row([h.processors, h.purpose, h.location, h.agreement]),
    ...record.processors.map((p) =>
      row([p.name, p.purpose, p.location, p.agreementDate ? f.day(p.agreementDate) : h.withFeature]),
    ),
  ];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
