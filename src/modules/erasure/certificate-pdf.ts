/**
 * The erasure certificate (P9.2): what was destroyed, what was kept, why and until when, for the
 * client and the clinic's records. It names no one: the client appears by pseudonymous id only.
 * Written in the client's language at the time of the erasure (Dutch when unknown).
 */
import PDFDocument from 'pdfkit';
import { type DocumentLanguage, documentFormat, winAnsi } from '../../platform/document-format';
import type { ErasureCertificate, KeptKind } from './tables';

const TEXT = {
  nl: {
    title: (clinic: string) => `${clinic}: verklaring van vernietiging`,
    request: (id: string, client: string) => `Verzoek ${id}, cliëntnummer ${client} (pseudoniem).`,
    dates: (received: string, due: string, done: string) =>
      `Ontvangen op ${received}, uiterlijk uit te voeren op ${due}, uitgevoerd op ${done}.`,
    destroyed: 'Vernietigd',
    keyDestroyed:
      'De versleutelingssleutel van de cliënt is vernietigd: kopieën van de versleutelde gegevens in eerdere back-ups kan Vellum niet meer openen.',
    noKey: 'Er was geen versleutelingssleutel.',
    kept: 'Bewaard',
    why: 'Waarom',
    until: 'Tot',
    recipients: 'Ontvangers die op de hoogte moeten worden gebracht (AVG art. 19)',
    labels: {
      clients: 'Cliëntgegevens (identiteit en contactgegevens)',
      treatments: 'Behandelingen en consulten met hun verslagen',
      skinAnalyses: 'Huidanalyses',
      homeProducts: 'Producten voor thuisgebruik',
      emails: 'E-mails in het dossier',
      intakes: 'Intakeformulieren met antwoorden en handtekeningen',
      photoSets: 'Fotoseries',
      photos: "Foto's",
      photoFiles: 'Fotobestanden (weergave en miniatuur)',
      consents: 'Toestemmingen',
      careRelationships: 'Behandelrelaties',
      outboxEmails: 'E-mails aan de cliënt (wachtend of verstuurd)',
    } as Record<string, string>,
    keptKinds: {
      audit_trail: {
        what: 'Regels in het logboek',
        why: 'Het logboek (NEN 7513) bewijst wie het dossier heeft ingezien en dat het is vernietigd. De regels bevatten alleen dit pseudonieme nummer, geen naam of inhoud.',
      },
      financial: {
        what: 'Financiële gegevens (facturen, betalingen)',
        why: 'De belastingwet verplicht zeven jaar bewaren (art. 52 AWR); alleen wat de wet vraagt blijft: naam, adres, wat is gefactureerd en betaald.',
      },
      request: {
        what: 'Dit verzoek en deze verklaring',
        why: 'Het bewijs dat het verzoek binnen de termijn is uitgevoerd; zonder naam.',
      },
    } satisfies Record<KeptKind, { what: string; why: string }>,
    auditTrailLasts: 'zolang de praktijk haar logboek bewaart',
    noneKept: 'niets bewaard',
  },
  en: {
    title: (clinic: string) => `${clinic}: certificate of erasure`,
    request: (id: string, client: string) => `Request ${id}, client id ${client} (pseudonymous).`,
    dates: (received: string, due: string, done: string) =>
      `Received ${received}, due ${due}, carried out ${done}.`,
    destroyed: 'Destroyed',
    keyDestroyed:
      "The client's encryption key was destroyed: copies of the encrypted data in earlier backups can no longer be opened by Vellum.",
    noKey: 'No encryption key was held.',
    kept: 'Kept',
    why: 'Why',
    until: 'Until',
    recipients: 'Recipients to inform (GDPR art. 19)',
    labels: {
      clients: 'Client record (identity and contact details)',
      treatments: 'Treatments and consults with their reports',
      skinAnalyses: 'Skin analyses',
      homeProducts: 'Products bought for home use',
      emails: 'E-mails kept in the dossier',
      intakes: 'Intake forms with answers and signatures',
      photoSets: 'Photo sets',
      photos: 'Photos',
      photoFiles: 'Photo files (display size and thumbnail)',
      consents: 'Consent records',
      careRelationships: 'Care relationships',
      outboxEmails: 'E-mails to the client waiting or sent',
    } as Record<string, string>,
    keptKinds: {
      audit_trail: {
        what: 'Audit trail entries',
        why: 'The audit trail (NEN 7513) proves who accessed the dossier and that it was erased. Entries hold only this pseudonymous id, no name or content.',
      },
      financial: {
        what: 'Financial records (invoices, payments)',
        why: 'Dutch tax law requires seven years (art. 52 AWR); they keep only what the law needs: name, address, what was invoiced and paid.',
      },
      request: {
        what: 'This erasure request and certificate',
        why: 'Proof that the request was carried out within the deadline; holds no name.',
      },
    } satisfies Record<KeptKind, { what: string; why: string }>,
    auditTrailLasts: 'as long as the clinic keeps its audit trail',
    noneKept: 'none kept',
  },
} satisfies Record<DocumentLanguage, unknown>;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function certificatePdf(
  certificate: ErasureCertificate,
  clinic: { name: string; timeZone: string },
  language: DocumentLanguage = certificate.language ?? 'nl',
): Promise<Buffer> {
  const t = TEXT[language];
  const f = documentFormat(language, clinic.timeZone);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: {
      Title: winAnsi(`${t.title(clinic.name)} ${certificate.requestId}`),
      Author: winAnsi(clinic.name),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const text = (value: string) => doc.text(winAnsi(value));
  const day = (iso: string) => f.day(new Date(iso));
  const until = (kind: KeptKind | undefined, value: string) => {
    if (ISO_DAY.test(value)) return f.day(value);
    if (!kind) return value;
    return kind === 'financial' ? t.noneKept : t.auditTrailLasts;
  };

  doc.fontSize(18);
  text(t.title(clinic.name));
  doc.moveDown(0.5).fontSize(10).fillColor('#444');
  text(t.request(certificate.requestId, certificate.clientId));
  text(t.dates(day(certificate.receivedAt), day(certificate.deadlineAt), day(certificate.executedAt)));
  doc.fillColor('black').moveDown();

  doc.fontSize(13);
  text(t.destroyed);
  doc.fontSize(10).moveDown(0.3);
  for (const [key, count] of Object.entries(certificate.destroyed)) text(`${t.labels[key] ?? key}: ${count}`);
  doc.moveDown(0.3);
  text(certificate.keyDestroyed ? t.keyDestroyed : t.noKey);
  doc.moveDown();

  doc.fontSize(13);
  text(t.kept);
  doc.fontSize(10).moveDown(0.3);
  for (const kept of certificate.kept) {
    const words = kept.kind ? t.keptKinds[kept.kind] : { what: kept.what, why: kept.why };
    doc.font('Helvetica-Bold');
    text(`${words.what}: ${kept.count}`);
    doc.font('Helvetica');
    text(`${t.why}: ${words.why}`);
    text(`${t.until}: ${until(kept.kind, kept.until)}`);
    doc.moveDown(0.4);
  }
  if (certificate.recipientsToInform.length > 0) {
    doc.moveDown().fontSize(13);
    text(t.recipients);
    doc.fontSize(10).moveDown(0.3);
    for (const recipient of certificate.recipientsToInform) text(recipient);
  }
  doc.end();
  return done;
}
