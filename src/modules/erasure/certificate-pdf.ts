/**
 * The erasure certificate (P9.2): what was destroyed, what was kept, why and until when, for the
 * client and the clinic's records. It names no one: the client appears by pseudonymous id only.
 */
import PDFDocument from 'pdfkit';
import type { ErasureCertificate } from './tables';

const LABELS: Record<string, string> = {
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
};

export async function certificatePdf(certificate: ErasureCertificate, clinicName: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Erasure certificate ${certificate.requestId}`, Author: clinicName },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const day = (iso: string) => iso.slice(0, 10);

  doc.fontSize(18).text(`${clinicName}: certificate of erasure`);
  doc.moveDown(0.5).fontSize(10).fillColor('#444');
  doc.text(`Request ${certificate.requestId}, client id ${certificate.clientId} (pseudonymous).`);
  doc.text(
    `Received ${day(certificate.receivedAt)}, due ${day(certificate.deadlineAt)}, carried out ${day(certificate.executedAt)}.`,
  );
  doc.fillColor('black').moveDown();

  doc.fontSize(13).text('Destroyed');
  doc.fontSize(10).moveDown(0.3);
  for (const [key, count] of Object.entries(certificate.destroyed)) {
    doc.text(`${LABELS[key] ?? key}: ${count}`);
  }
  doc.moveDown(0.3);
  doc.text(
    certificate.keyDestroyed
      ? "The client's encryption key was destroyed: copies of the encrypted data in earlier backups can no longer be opened by Vellum."
      : 'No encryption key was held.',
  );
  doc.moveDown();

  doc.fontSize(13).text('Kept');
  doc.fontSize(10).moveDown(0.3);
  for (const kept of certificate.kept) {
    doc.font('Helvetica-Bold').text(`${kept.what}: ${kept.count}`);
    doc.font('Helvetica').text(`Why: ${kept.why}`);
    doc.text(`Until: ${kept.until}`);
    doc.moveDown(0.4);
  }
  if (certificate.recipientsToInform.length > 0) {
    doc.moveDown();
    doc.fontSize(13).text('Recipients to inform (GDPR art. 19)');
    doc.fontSize(10).moveDown(0.3);
    for (const recipient of certificate.recipientsToInform) doc.text(recipient);
  }
  doc.end();
  return done;
}
