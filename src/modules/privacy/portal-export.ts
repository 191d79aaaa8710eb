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
import { type DocumentLanguage, documentFormat, winAnsi } from '../../platform/document-format';
import type { Actor } from '../access/actor';
import { actionWord, roleWord } from '../audit/words';
import type { InvoiceView } from '../invoices/invoice.service';
import type { ExportProgressWriter } from './export-progress';
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
  /** Told how far the collecting is (export-progress.ts), so the page can show it. */
  progress?: Pick<ExportProgressWriter, 'report'>;
};

/** The services an export reads through, each as the scope's actor. */
export type ExportSources = Pick<AppContext, 'clock' | 'dossier' | 'intake' | 'photos'>;

export async function collectExport(context: ExportSources, what: ExportScope) {
  const { actor, clientId, origin } = what;
  await what.progress?.report({ step: 'dossier', done: 0, total: 1 });
  const dossier = await context.dossier.open(actor, clientId, origin);
  const summaries = await context.intake.forms.list(actor, clientId, origin);
  const intakes = [];
  for (const summary of summaries)
    intakes.push(await context.intake.forms.get(actor, clientId, summary.id, origin));
  const sets = (await context.photos.listSets(actor, clientId, origin)).filter(
    (set) => !what.photoSetIds || what.photoSetIds.includes(set.id),
  );
  const photos: { path: string; bytes: Buffer }[] = [];
  const photoCount = sets.reduce((n, set) => n + set.photos.length, 0);
  await what.progress?.report({ step: 'photos', done: 0, total: photoCount });
  for (const set of sets) {
    for (const item of set.photos) {
      photos.push({
        path: `photos/${set.id}/${item.moment}-${item.id}.jpg`,
        bytes: await context.photos.image(actor, clientId, item.id, 'display', origin),
      });
      await what.progress?.report({ step: 'photos', done: photos.length, total: photoCount });
    }
  }
  await what.progress?.report({ step: 'packing', done: 0, total: 1 });
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

const EXPORT_TEXT = {
  nl: {
    title: (clinic: string) => `${clinic}: de gegevens die wij van je bewaren`,
    exported: (at: string) => `Gemaakt op ${at}`,
    identity: 'Identiteit en contactgegevens',
    name: 'Naam',
    birthDate: 'Geboortedatum',
    email: 'E-mail',
    phone: 'Telefoon',
    address: 'Adres',
    treatments: 'Behandelingen en consulten',
    kind: { treatment: 'Behandeling', consult: 'Consult' } as Record<string, string>,
    done: 'Wat er is gedaan',
    discussed: 'Besproken',
    product: 'Product',
    batch: 'partij',
    device: 'Apparaat',
    analyses: 'Huidanalyses',
    intakes: 'Intakeformulieren',
    version: 'versie',
    status: { draft: 'nog niet ondertekend', signed: 'ondertekend' } as Record<string, string>,
    yes: 'ja',
    no: 'nee',
    homeProducts: 'Producten voor thuisgebruik',
    emails: 'Bewaarde e-mails',
    photos: "Foto's",
    photosWhere: "De foto's staan in het zip-bestand van deze export, in de map photos/.",
    consents: 'Toestemmingen',
    scope: {
      health_data: 'Medische gegevens',
      personal_data: 'Persoons- en contactgegevens',
      treatment_photos: "Behandelfoto's",
      marketing_photos: "Foto's voor website en social media",
      newsletter: 'Nieuwsbrief',
      third_party: 'Verstrekken aan derden',
    } as Record<string, string>,
    decision: { granted: 'gegeven', withdrawn: 'ingetrokken' } as Record<string, string>,
    channel: {
      intake: 'intake',
      online_booking: 'online boeking',
      webshop_order: 'webshop',
      email: 'e-mail',
      contact_form: 'contactformulier',
      desk: 'aan de balie',
      privacy_portal: 'Mijn gegevens (online)',
    } as Record<string, string>,
    statementVersion: 'privacyverklaring versie',
    invoices: 'Facturen en betalingen',
    invoiceKind: { invoice: 'Factuur', credit_note: 'Creditnota' } as Record<string, string>,
    method: { card: 'pin', cash: 'contant', ideal: 'iDEAL', transfer: 'overboeking' } as Record<
      string,
      string
    >,
    paid: 'betaald',
    access: 'Wie je dossier heeft ingezien',
  },
  en: {
    title: (clinic: string) => `${clinic}: the data we hold about you`,
    exported: (at: string) => `Exported ${at}`,
    identity: 'Identity and contact details',
    name: 'Name',
    birthDate: 'Date of birth',
    email: 'E-mail',
    phone: 'Phone',
    address: 'Address',
    treatments: 'Treatments and consults',
    kind: { treatment: 'Treatment', consult: 'Consult' } as Record<string, string>,
    done: 'What was done',
    discussed: 'Discussed',
    product: 'Product',
    batch: 'batch',
    device: 'Device',
    analyses: 'Skin analyses',
    intakes: 'Intake forms',
    version: 'version',
    status: { draft: 'not signed yet', signed: 'signed' } as Record<string, string>,
    yes: 'yes',
    no: 'no',
    homeProducts: 'Products for home use',
    emails: 'E-mails kept',
    photos: 'Photos',
    photosWhere: 'The photos are in the zip file of this export, in the folder photos/.',
    consents: 'Consents',
    scope: {
      health_data: 'Medical details',
      personal_data: 'Personal and contact details',
      treatment_photos: 'Treatment photos',
      marketing_photos: 'Photos for website and social media',
      newsletter: 'Newsletter',
      third_party: 'Disclosure to third parties',
    } as Record<string, string>,
    decision: { granted: 'given', withdrawn: 'withdrawn' } as Record<string, string>,
    channel: {
      intake: 'intake',
      online_booking: 'online booking',
      webshop_order: 'webshop',
      email: 'e-mail',
      contact_form: 'contact form',
      desk: 'at the desk',
      privacy_portal: 'My data (online)',
    } as Record<string, string>,
    statementVersion: 'privacy statement version',
    invoices: 'Invoices and payments',
    invoiceKind: { invoice: 'Invoice', credit_note: 'Credit note' } as Record<string, string>,
    method: { card: 'card', cash: 'cash', ideal: 'iDEAL', transfer: 'bank transfer' } as Record<
      string,
      string
    >,
    paid: 'paid',
    access: 'Who looked at your file',
  },
} satisfies Record<DocumentLanguage, unknown>;

/**
 * The same, readable on paper: in the client's language, with dates, times (the clinic's zone) and
 * amounts written as the reader writes them.
 */
export async function exportPdf(
  data: ClientExport,
  clinic: { name: string; timeZone: string },
  language: DocumentLanguage,
): Promise<Buffer> {
  const t = EXPORT_TEXT[language];
  const f = documentFormat(language, clinic.timeZone);
  const word = (table: Record<string, string>, key: string) => table[key] ?? key;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: winAnsi(t.title(clinic.name)), Author: winAnsi(clinic.name) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const heading = (text: string) =>
    doc.moveDown().fontSize(13).font('Helvetica-Bold').text(winAnsi(text)).font('Helvetica').fontSize(10);
  const line = (label: string, value: unknown) => doc.text(winAnsi(`${label}: ${value ?? '—'}`));

  doc.fontSize(18).text(winAnsi(t.title(clinic.name)));
  doc
    .fontSize(9)
    .fillColor('#444')
    .text(winAnsi(t.exported(f.dateTime(new Date(data.exportedAt)))))
    .fillColor('black');

  heading(t.identity);
  const c = data.client;
  line(t.name, `${c.firstName} ${c.lastName}`);
  line(t.birthDate, c.birthDate ? f.day(c.birthDate) : null);
  line(t.email, c.email);
  line(t.phone, c.phone);
  line(t.address, [c.street, c.houseNumber, c.postcode, c.city].filter(Boolean).join(' ') || null);

  heading(`${t.treatments} (${data.treatments.length})`);
  for (const item of data.treatments) {
    doc
      .font('Helvetica-Bold')
      .text(winAnsi(`${f.day(new Date(item.performedAt))} — ${item.treatment ?? word(t.kind, item.kind)}`))
      .font('Helvetica');
    line(t.done, item.report.done);
    if (item.report.discussed) line(t.discussed, item.report.discussed);
    for (const p of item.report.products)
      line(t.product, [p.name, p.batch && `${t.batch} ${p.batch}`, p.amount].filter(Boolean).join(', '));
    for (const d of item.report.devices)
      line(t.device, `${d.name} (${d.settings.map((s) => `${s.name} ${s.value}`).join(', ')})`);
    doc.moveDown(0.3);
  }

  heading(`${t.analyses} (${data.skinAnalyses.length})`);
  for (const a of data.skinAnalyses) {
    line(
      f.day(new Date(a.analysedAt)),
      `Fitzpatrick ${a.findings.fitzpatrick}; ${a.findings.conditions.join(', ')}; ${a.findings.findings}`,
    );
  }

  heading(`${t.intakes} (${data.intakes.length})`);
  for (const i of data.intakes) {
    doc
      .font('Helvetica-Bold')
      .text(winAnsi(`${i.treatmentName}, ${t.version} ${i.version}, ${word(t.status, i.status)}`))
      .font('Helvetica');
    for (const q of i.questions) {
      const answer = i.answers?.[q.key];
      const option = (key: string) => q.options?.find((o) => o.key === key)?.label[language] ?? key;
      const shown =
        answer === true
          ? t.yes
          : answer === false
            ? t.no
            : Array.isArray(answer)
              ? answer.map(option).join(', ')
              : answer && q.options
                ? option(answer)
                : answer;
      line(q.label[language], shown ?? '—');
    }
    doc.moveDown(0.3);
  }

  heading(`${t.homeProducts} (${data.homeProducts.length})`);
  for (const p of data.homeProducts) line(f.day(new Date(p.boughtAt)), `${p.productName} × ${p.quantity}`);

  heading(`${t.emails} (${data.emails.length})`);
  for (const e of data.emails) line(f.day(new Date(e.receivedAt)), e.subject);

  heading(`${t.photos} (${data.photos.length})`);
  doc.text(winAnsi(t.photosWhere));

  heading(t.consents);
  for (const r of data.consents) {
    line(
      f.day(r.recordedAt),
      `${word(t.scope, r.scope)}: ${word(t.decision, r.decision)} (${word(t.channel, r.channel)}, ${t.statementVersion} ${r.statementVersion})`,
    );
  }

  heading(`${t.invoices} (${data.invoices.length})`);
  for (const i of data.invoices) {
    const paid = i.payments
      .map((p) => `${f.day(p.paidOn)} ${word(t.method, p.method)} ${f.amount(p.amountCents)}`)
      .join('; ');
    line(
      f.day(i.issuedOn),
      `${word(t.invoiceKind, i.kind)} ${i.number}: ${f.amount(i.totalCents)} (${i.lines.map((l) => l.description).join(', ')})${paid ? `; ${t.paid} ${paid}` : ''}`,
    );
  }

  heading(t.access);
  for (const a of data.access.slice(0, 200))
    line(f.dateTime(a.at), `${roleWord(a.role, language)}: ${actionWord(a.action, language)}`);
  doc.end();
  return done;
}
