/**
 * The signed intake on paper (P3.3): clinic, client, treatment and price agreed to, the form and its
 * version, every question with its answer, the contra-indications marked, the signature, when it was
 * signed (in the clinic's time zone) and the content hash that proves the text was not changed.
 */
import PDFDocument from 'pdfkit';
import { documentFormat } from '../../platform/document-format';
import type { IntakeDetail } from './intake.service';
import type { AnswerValue, IntakeQuestion, Language } from './template';

export type IntakePdfInput = {
  clinic: { name: string; timeZone: string };
  client: { name: string; birthDate: string | null };
  intake: IntakeDetail;
  language: Language;
};

const words = {
  nl: {
    version: 'versie',
    client: 'Cliënt',
    birthDate: 'Geboortedatum',
    treatment: 'Behandeling',
    price: 'Prijs',
    agreement: 'Met de handtekening hieronder gaat de cliënt akkoord met deze behandeling en de prijs.',
    correction: (n: number) => `Correctie: deze versie ${n} vervangt versie ${n - 1}.`,
    questions: 'Vragen en antwoorden',
    yes: 'Ja',
    no: 'Nee',
    unanswered: '—',
    warnings: 'Contra-indicaties',
    none: 'Geen contra-indicaties aangegeven.',
    rules_out: 'Sluit behandeling uit',
    affects: 'Beïnvloedt behandeling',
    signature: 'Handtekening cliënt',
    signedAt: 'Ondertekend op',
    hash: 'Inhoudshash (SHA-256)',
    intake: 'Intake-id',
  },
  en: {
    version: 'version',
    client: 'Client',
    birthDate: 'Date of birth',
    treatment: 'Treatment',
    price: 'Price',
    agreement: 'By signing below, the client agrees to this treatment and its price.',
    correction: (n: number) => `Correction: this version ${n} replaces version ${n - 1}.`,
    questions: 'Questions and answers',
    yes: 'Yes',
    no: 'No',
    unanswered: '—',
    warnings: 'Contra-indications',
    none: 'No contra-indications marked.',
    rules_out: 'Rules out the treatment',
    affects: 'Affects the treatment',
    signature: 'Client signature',
    signedAt: 'Signed on',
    hash: 'Content hash (SHA-256)',
    intake: 'Intake id',
  },
} as const;

export function renderIntakePdf({ clinic, client, intake, language }: IntakePdfInput): Promise<Buffer> {
  const w = words[language];
  const f = documentFormat(language, clinic.timeZone);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `${intake.template.name[language]} — ${client.name}`, Author: clinic.name },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(16).text(clean(clinic.name));
  doc.fontSize(13).text(clean(`${intake.template.name[language]} (${w.version} ${intake.template.version})`));
  doc.moveDown(0.5);
  field(doc, w.client, client.name);
  field(doc, w.birthDate, client.birthDate ? f.day(client.birthDate) : w.unanswered);
  field(doc, w.treatment, intake.treatmentName);
  field(doc, w.price, f.amount(intake.priceCents));
  doc.font('Helvetica-Oblique').fontSize(10).text(clean(w.agreement));
  if (intake.supersedesId) doc.text(clean(w.correction(intake.version)));

  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(12).text(w.questions);
  doc.moveDown(0.3);
  for (const question of intake.questions) {
    doc.font('Helvetica-Bold').fontSize(10).text(clean(question.label[language]));
    doc
      .font('Helvetica')
      .text(clean(answerText(question, intake.answers?.[question.key], language)), { indent: 12 });
    doc.moveDown(0.3);
  }

  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(12).text(w.warnings);
  doc.font('Helvetica').fontSize(10);
  if (intake.contraIndications.length === 0) doc.text(w.none);
  for (const flag of intake.contraIndications) {
    doc.text(clean(`! ${w[flag.effect]} (${flag.questionKey}): ${flag.warning[language]}`));
  }

  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(12).text(w.signature);
  if (intake.signature) {
    const png = Buffer.from(intake.signature.replace(/^data:image\/png;base64,/, ''), 'base64');
    if (doc.y + 130 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const top = doc.y + 4;
    doc.image(png, doc.page.margins.left, top, { fit: [240, 110] });
    doc.rect(doc.page.margins.left, top, 240, 110).lineWidth(0.5).stroke('#999999');
    doc.y = top + 118;
    doc.x = doc.page.margins.left;
  }
  field(
    doc,
    w.signedAt,
    intake.signedAt ? `${f.dateTime(intake.signedAt)} (${clinic.timeZone})` : w.unanswered,
  );
  doc.font('Helvetica').fontSize(9).text(`${w.hash}:`);
  doc
    .font('Courier')
    .fontSize(9)
    .text(intake.contentHash ?? w.unanswered);
  doc.font('Helvetica').fontSize(9).text(`${w.intake}: ${intake.id}`);
  doc.end();
  return done;
}

function field(doc: PDFKit.PDFDocument, label: string, value: string): void {
  doc.font('Helvetica-Bold').fontSize(10).text(`${label}: `, { continued: true });
  doc.font('Helvetica').text(clean(value));
}

function answerText(question: IntakeQuestion, value: AnswerValue | undefined, language: Language): string {
  const w = words[language];
  if (value === undefined) return w.unanswered;
  if (typeof value === 'boolean') return value ? w.yes : w.no;
  if (question.kind === 'choice') {
    const chosen = Array.isArray(value) ? value : [value];
    return chosen
      .map((key) => question.options?.find((o) => o.key === key)?.label[language] ?? key)
      .join(', ');
  }
  if (question.kind === 'date' && typeof value === 'string') return documentFormat(language).day(value);
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The standard PDF fonts speak WinAnsi: replace the few characters they lack. */
function clean(text: string): string {
  return text
    .replaceAll(/[\u00a0\u202f]/g, ' ')
    .replaceAll(/[\u2018\u2019]/g, "'")
    .replaceAll(/[\u201c\u201d]/g, '"');
}
