import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { pdfText } from '../../../test/support/pdf-text';
import { aJpeg, uploadPhotos } from '../../../test/support/photos';
import { expectStatus } from '../../../test/support/status';

let clinic: TestClinic;
let anouk: StaffMember;
let rosa: StaffMember;
let client: string;
let set: string;
const letter = Buffer.from(
  '%PDF-1.4 Hierbij verzoek ik mijn dossier aan mijn huisarts te sturen. Handtekening.',
);
const DOCTOR = 'Dr. de Boer, huisarts te Groningen';

async function register(recipient = DOCTOR) {
  return anouk.call('POST', `/api/clients/${client}/disclosures`, {
    recipient,
    purpose: 'Beoordeling van een moedervlek',
    includesDossier: true,
    photoSetIds: [set],
    language: 'nl',
    request: { fileName: 'verzoek.pdf', contentBase64: letter.toString('base64') },
  });
}

beforeAll(async () => {
  clinic = await aClinic();
  anouk = await clinic.hire('practitioner', 'Anouk Verstrekking');
  rosa = await clinic.hire('reception', 'Rosa Verstrekking');
  client = await clinic.aClient(anouk, {
    firstName: 'Femke',
    lastName: 'Verstrekt',
    email: 'femke@example.nl',
  });
  await expectStatus(
    anouk.call('POST', `/api/clients/${client}/treatments`, {
      kind: 'consult',
      done: 'Moedervlek op de rug bekeken',
      discussed: 'Advies: laten beoordelen door de huisarts',
    }),
    201,
  );
  set = (
    await expectStatus(anouk.call('POST', `/api/clients/${client}/photo-sets`, { bodyArea: 'rug' }), 201)
  ).json().id;
  await uploadPhotos(clinic, anouk, client, set, [
    { field: 'before', name: 'rug.jpg', bytes: await aJpeg() },
  ]);
});
afterAll(() => clinic.close());

describe('disclosures to third parties', () => {
  it('[P8.2] goes out only with the written request stored with it, and every package is logged', async () => {
    const created = await register();
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect((await rosa.call('GET', `/api/clients/${client}/disclosures`)).statusCode).toBe(403);

    // The request is kept as received, and stands as a third-party consent in the ledger.
    const scan = await anouk.call('GET', `/api/clients/${client}/disclosures/${id}/request`);
    expect(scan.rawPayload.equals(letter)).toBe(true);
    expect(
      JSON.stringify(await clinic.database.asOwner('select request_document from disclosure')),
    ).not.toContain('huisarts te sturen');
    const consents = (await anouk.call('GET', `/api/clients/${client}/consents`)).json();
    expect(consents.current).toContainEqual(
      expect.objectContaining({
        scope: 'third_party',
        subject: DOCTOR,
        decision: 'granted',
        channel: 'desk',
      }),
    );
    expect(consents.history.find((r: { scope: string }) => r.scope === 'third_party').evidence).toEqual({
      kind: 'written_request',
      disclosureId: id,
    });

    const pkg = await anouk.call('GET', `/api/clients/${client}/disclosures/${id}/package.zip`);
    expect(pkg.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(pkg.rawPayload));
    expect(Object.keys(files).some((f) => f.startsWith(`photos/${set}/`))).toBe(true);
    const text = (await pdfText(files['dossier.pdf'] ?? new Uint8Array())).replaceAll(/\s+/g, ' ');
    expect(text).toContain('Moedervlek op de rug bekeken');

    const [listed] = (await anouk.call('GET', `/api/clients/${client}/disclosures`)).json();
    expect(listed).toMatchObject({ id, recipient: DOCTOR, requestKind: 'scan', informAfterChange: false });
    expect(listed.disclosedAt).not.toBeNull();
    const logged = await clinic.database.asOwner(
      `select count(*)::int as n from audit_event where action = 'disclose' and object_id = '${id}' and client_id = '${client}'`,
    );
    expect(logged[0]?.n).toBe(1);
  });

  it('[P8.2] [P8.1] shows the recipients in the consent list to the owner and the treating practitioner, not to reception', async () => {
    await expectStatus(
      rosa.call('POST', `/api/clients/${client}/consents`, {
        scope: 'newsletter',
        decision: 'granted',
        channel: 'desk',
        language: 'nl',
      }),
      201,
    );
    const owner = await clinic.freshOwner();
    for (const member of [owner, anouk]) {
      const consents = await expectStatus(member.call('GET', `/api/clients/${client}/consents`), 200);
      expect(consents.body, member.role).toContain(DOCTOR);
      expect(consents.json().current).toContainEqual(
        expect.objectContaining({ scope: 'third_party', subject: DOCTOR }),
      );
    }
    const seen = await expectStatus(rosa.call('GET', `/api/clients/${client}/consents`), 200);
    expect(seen.body).not.toContain(DOCTOR);
    const { current, history } = seen.json() as {
      current: { scope: string }[];
      history: { scope: string }[];
    };
    expect([...current, ...history].filter((r) => r.scope === 'third_party')).toEqual([]);
    expect(current).toContainEqual(expect.objectContaining({ scope: 'newsletter' })); // the rest still shows
  });

  it('[P8.2] refuses to send once the client withdrew the request', async () => {
    const id = (await register('Dermatoloog Jansen')).json().id as string;
    await expectStatus(
      rosa.call('POST', `/api/clients/${client}/consents`, {
        scope: 'third_party',
        subject: 'Dermatoloog Jansen',
        decision: 'withdrawn',
        channel: 'desk',
        language: 'nl',
      }),
      201,
    );
    const refused = await anouk.call('GET', `/api/clients/${client}/disclosures/${id}/package.zip`);
    expect(refused.statusCode).toBe(409);
  });

  it('[P8.2] lists the recipients to inform after a correction and in the erasure certificate', async () => {
    clinic.clock.advance(60_000);
    await expectStatus(
      rosa.call('PATCH', `/api/clients/${client}`, { email: 'femke.nieuw@example.nl' }),
      200,
    );
    const listed = (await anouk.call('GET', `/api/clients/${client}/disclosures`)).json();
    expect(listed.find((d: { recipient: string }) => d.recipient === DOCTOR).informAfterChange).toBe(true);

    const request = (await rosa.call('POST', `/api/clients/${client}/erasure-requests`)).json();
    const owner = await clinic.freshOwner();
    const executed = await owner.call('POST', `/api/erasure-requests/${request.id}/execute`);
    expect(executed.statusCode, executed.body).toBe(200);
    const certificate = executed.json();
    expect(certificate.recipientsToInform).toEqual([DOCTOR]);
  });
});
