/**
 * A client's data as one package: for the client themselves (GDPR art. 15 and 20, from the privacy
 * portal) or for a third party at the client's written request (P8.2). `data.json` with what the
 * dossier holds, photos and signatures as files in one zip, and a readable PDF of the same. Built
 * from the modules' own services acting as the given actor, so every read passes the gate and is
 * logged.
 */
import { strToU8, zipSync } from 'fflate';
import PDFDocument from 'pdfkit';
import type { AppContext } from '../../app';
import type { Actor } from '../access/actor';
import type { InvoiceView } from '../invoices/invoice.service';
import type { PortalOverview } from './privacy-portal.service';

export type ClientExport = Awaited<ReturnType<typeof collectExport>>;

export type ExportScope = {
  actor: Actor;
  clientId: string;
  origin: string;
  client: PortalOverview['client'];
  /** For the client's own copy: their consents and who looked. */
  consents?: PortalOverview['consents']['history'];
  access?: PortalOverview['access'];
  /** Only these photo sets (a disclosure); all when absent. */
  photoSetIds?: string[];
  /** For the client's own copy: their invoices and payments (never part of a disclosure). */
  invoices?: InvoiceView[];
};

/** The services an export reads through, each as the scope's actor. */
export type ExportSources = Pick<AppContext, 'clock' | 'dossier' | 'intake' | 'photos'>;

export async function collectExport(context: ExportSources, what: ExportScope) {
  const { actor, clientId, origin } = what;
  const dossier = await context.dossier.open(actor, clientId, origin);
  const summaries = await context.intake.forms.list(actor, clientId, origin);
  const intakes = [];
  for (const summary of summaries)
    intakes.push(await context.intake.forms.get(actor, clientId, summary.id, origin));
  const sets = (await context.photos.listSets(actor, clientId, origin)).filter(
    (set) => !what.photoSetIds || what.photoSetIds.includes(set.id),
  );
  const photos: { path: string; bytes: Buffer }[] = [];
  for (const set of sets) {
    for (const item of set.photos) {
      photos.push({
        path: `photos/${set.id}/${item.moment}-${item.id}.jpg`,
        bytes: await context.photos.image(actor, clientId, item.id, 'display', origin),
      });
    }
  }
  return {
    exportedAt: context.clock.now().toISOString(),
    client: what.client,
    treatments: dossier.treatments.map((t) => ({
      id: t.id,
      kind: t.kind,
      treatment: t.treatmentTypeName,
      performedAt: t.performedAt.toISOString(),
      report: t.report,
      warningsConfirmed: t.warningsConfirmed,
    })),
    skinAnalyses: dossier.analyses.map((a) => ({ ...a, analysedAt: a.analysedAt.toISOString() })),
    homeProducts: dossier.homeProducts.map((p) => ({ ...p, boughtAt: p.boughtAt.toISOString() })),
    emails: dossier.emails.map((e) => ({ id: e.id, receivedAt: e.receivedAt.toISOString(), ...e.content })),
    intakes: intakes.map(({ signature, ...rest }) => ({
      ...rest,
      signatureFile: signature ? `signatures/${rest.id}.png` : null,
      signature,
    })),
    photoSets: sets.map((set) => ({
      id: set.id,
      bodyArea: set.bodyArea,
      treatmentId: set.treatmentId,
      createdAt: set.createdAt.toISOString(),
      photos: set.photos.map((p) => ({
        id: p.id,
        moment: p.moment,
        takenAt: p.takenAt.toISOString(),
        file: `photos/${set.id}/${p.moment}-${p.id}.jpg`,
      })),
    })),
    consents: what.consents ?? [],
    access: what.access ?? [],
    invoices: what.invoices ?? [],
    photos,
  };
}

export function exportZip(data: ClientExport): Buffer {
  const { photos, intakes, ...rest } = data;
  const files: Record<string, Uint8Array> = {};
  const signatureOf = (dataUrl: string | null) =>
    dataUrl ? Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64') : null;
  for (const item of intakes) {
    const png = signatureOf(item.signature);
    if (png && item.signatureFile) files[item.signatureFile] = png;
  }
  for (const photo of photos) files[photo.path] = photo.bytes;
  const json = { ...rest, intakes: intakes.map(({ signature: _signature, ...item }) => item) };
  files['data.json'] = strToU8(JSON.stringify(json, null, 2));
  return Buffer.from(zipSync(files, { level: 6 }));
}

/** The same, readable on paper. */
export async function exportPdf(data: ClientExport, clinicName: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: 'Your data', Author: clinicName } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const heading = (text: string) =>
    doc.moveDown().fontSize(13).font('Helvetica-Bold').text(text).font('Helvetica').fontSize(10);
  const line = (label: string, value: unknown) => doc.text(`${label}: ${value ?? '—'}`);

  doc.fontSize(18).text(`${clinicName}: the data we hold about you`);
  doc
    .fontSize(9)
    .fillColor('#444')
    .text(`Exported ${data.exportedAt.slice(0, 10)}`)
    .fillColor('black');

  heading('Identity and contact details');
  const c = data.client;
  line('Name', `${c.firstName} ${c.lastName}`);
  line('Date of birth', c.birthDate);
  line('E-mail', c.email);
  line('Phone', c.phone);
  line('Address', [c.street, c.houseNumber, c.postcode, c.city].filter(Boolean).join(' ') || null);

  heading(`Treatments and consults (${data.treatments.length})`);
  for (const t of data.treatments) {
    doc
      .font('Helvetica-Bold')
      .text(`${t.performedAt.slice(0, 10)} — ${t.treatment ?? t.kind}`)
      .font('Helvetica');
    line('What was done', t.report.done);
    if (t.report.discussed) line('Discussed', t.report.discussed);
    for (const p of t.report.products)
      line('Product', [p.name, p.batch && `batch ${p.batch}`, p.amount].filter(Boolean).join(', '));
    for (const d of t.report.devices)
      line('Device', `${d.name} (${d.settings.map((s) => `${s.name} ${s.value}`).join(', ')})`);
    doc.moveDown(0.3);
  }

  heading(`Skin analyses (${data.skinAnalyses.length})`);
  for (const a of data.skinAnalyses) {
    line(
      a.analysedAt.slice(0, 10),
      `Fitzpatrick ${a.findings.fitzpatrick}; ${a.findings.conditions.join(', ')}; ${a.findings.findings}`,
    );
  }

  heading(`Intake forms (${data.intakes.length})`);
  for (const i of data.intakes) {
    doc
      .font('Helvetica-Bold')
      .text(`${i.treatmentName}, version ${i.version}, ${i.status}`)
      .font('Helvetica');
    for (const q of i.questions) {
      const answer = i.answers?.[q.key];
      const option = (key: string) => q.options?.find((o) => o.key === key)?.label[i.language] ?? key;
      const shown =
        answer === true
          ? 'yes'
          : answer === false
            ? 'no'
            : Array.isArray(answer)
              ? answer.map(option).join(', ')
              : answer && q.options
                ? option(answer)
                : answer;
      line(q.label[i.language], shown ?? '—');
    }
    doc.moveDown(0.3);
  }

  heading(`Products for home use (${data.homeProducts.length})`);
  for (const p of data.homeProducts) line(p.boughtAt.slice(0, 10), `${p.productName} × ${p.quantity}`);

  heading(`E-mails kept (${data.emails.length})`);
  for (const e of data.emails) line(e.receivedAt.slice(0, 10), e.subject);

  heading(`Photos (${data.photos.length})`);
  doc.text('The photos are in the zip file of this export, in the folder photos/.');

  heading('Consents');
  for (const r of data.consents) {
    line(
      r.recordedAt.toISOString().slice(0, 10),
      `${r.scope} ${r.decision} (${r.channel}, statement version ${r.statementVersion})`,
    );
  }

  heading(`Invoices and payments (${data.invoices.length})`);
  for (const i of data.invoices) {
    const paid = i.payments
      .map((p) => `${p.paidOn} ${p.method} ${(p.amountCents / 100).toFixed(2)}`)
      .join('; ');
    line(
      i.issuedOn,
      `${i.kind === 'credit_note' ? 'Credit note' : 'Invoice'} ${i.number}: EUR ${(i.totalCents / 100).toFixed(2)} (${i.lines.map((l) => l.description).join(', ')})${paid ? `; paid ${paid}` : ''}`,
    );
  }

  heading('Who looked at your file');
  for (const a of data.access.slice(0, 200))
    line(a.at.toISOString().slice(0, 16).replace('T', ' '), `${a.role}: ${a.action}`);
  doc.end();
  return done;
}
