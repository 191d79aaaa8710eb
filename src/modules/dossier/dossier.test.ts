import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { expectStatus } from '../../../test/support/status';

let clinic: TestClinic;
let anouk: StaffMember;
let bram: StaffMember;
let rosa: StaffMember;
let peel: string;
let serum: string;
let dermapen: string;

beforeAll(async () => {
  clinic = await aClinic();
  anouk = await clinic.hire('practitioner', 'Anouk Dossier');
  bram = await clinic.hire('practitioner', 'Bram Dossier');
  rosa = await clinic.hire('reception', 'Rosa Dossier');
  const owner = await clinic.freshOwner();
  peel = (
    await expectStatus(
      owner.call('POST', '/api/treatment-types', {
        name: 'Chemische peeling',
        durationMinutes: 45,
        priceCents: 8500,
        vatRatePercent: 21,
        practitionerIds: [anouk.id],
      }),
      201,
    )
  ).json().id;
  serum = (
    await expectStatus(
      owner.call('POST', '/api/products', {
        name: 'Glycolzuur 30%',
        brand: 'Dermaline',
        usedInTreatments: true,
        soldForHomeUse: true,
        priceCents: 3995,
        vatRatePercent: 21,
      }),
      201,
    )
  ).json().id;
  dermapen = (
    await expectStatus(
      owner.call('POST', '/api/devices', {
        name: 'Dermapen 4',
        settings: ['naalddiepte (mm)', 'snelheid'],
      }),
      201,
    )
  ).json().id;
});
afterAll(() => clinic.close());

describe('identity and contact', () => {
  it('[P2.1] keeps name, address, date of birth, e-mail and phone, and returns them as given', async () => {
    const details = {
      firstName: 'Fatima',
      lastName: 'El Amrani',
      birthDate: '1991-07-23',
      email: 'fatima@example.nl',
      phone: '+31 6 12345678',
      street: 'Lindengracht',
      houseNumber: '12a',
      postcode: '1015 KK',
      city: 'Amsterdam',
      country: 'NL',
      preferredLanguage: 'nl',
    };
    const id = await clinic.aClient(anouk, details);
    const read = (await anouk.call('GET', `/api/clients/${id}`)).json();
    expect(read).toMatchObject(details);
  });

  it('[P2.1] refuses an e-mail without @ and a date of birth in the future, naming the field, writing nothing', async () => {
    const badEmail = await anouk.call('POST', '/api/clients', {
      firstName: 'Niet',
      lastName: 'Opgeslagen',
      email: 'geen-apenstaartje',
    });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().errors[0].field).toBe('email');
    const future = await anouk.call('POST', '/api/clients', {
      firstName: 'Niet',
      lastName: 'Opgeslagen',
      birthDate: '2999-01-01',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].field).toBe('birthDate');
    expect((await clinic.owner.call('GET', '/api/clients?q=Opgeslagen')).json()).toEqual([]);
  });
});

describe('the medical dossier', () => {
  it('[P2.2] [P4.1] gives every category a home: treatment report with products, batches and device settings, consult, analysis, home product, e-mail', async () => {
    const client = await clinic.aClient(anouk, { firstName: 'Sophie', lastName: 'Bakker' });
    const treatment = await anouk.call('POST', `/api/clients/${client}/treatments`, {
      kind: 'treatment',
      treatmentTypeId: peel,
      done: 'Glycolzuurpeeling gezicht, 3 minuten ingewerkt, geneutraliseerd.',
      discussed: 'Zonbescherming SPF50 de komende twee weken.',
      products: [{ productId: serum, batch: 'LOT-2026-114', amount: '2 ml' }],
      devices: [{ deviceId: dermapen, settings: [{ name: 'naalddiepte (mm)', value: '0,5' }] }],
    });
    expect(treatment.statusCode).toBe(201);
    const consult = await anouk.call('POST', `/api/clients/${client}/treatments`, {
      kind: 'consult',
      done: 'Intakegesprek over pigmentvlekken.',
    });
    expect(consult.statusCode).toBe(201);
    expect(
      (
        await anouk.call('POST', `/api/clients/${client}/skin-analyses`, {
          fitzpatrick: 3,
          conditions: ['hyperpigmentatie', 'droge huid'],
          findings: 'Melasma op de wangen.',
          treatmentId: treatment.json().id,
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await anouk.call('POST', `/api/clients/${client}/home-products`, {
          productId: serum,
          quantity: 1,
          advice: 'Twee keer per week.',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await anouk.call('POST', `/api/clients/${client}/emails`, {
          from: 'sophie@example.nl',
          subject: 'Roodheid na behandeling',
          text: 'Mijn huid is nog wat rood, is dat normaal?',
        })
      ).statusCode,
    ).toBe(201);

    const dossier = (await anouk.call('GET', `/api/clients/${client}/dossier`)).json();
    expect(dossier.client.lastName).toBe('Bakker');
    const report = dossier.treatments.find((t: { kind: string }) => t.kind === 'treatment');
    expect(report).toMatchObject({
      treatmentTypeName: 'Chemische peeling',
      practitionerId: anouk.id,
      report: {
        done: expect.stringContaining('Glycolzuurpeeling'),
        discussed: expect.stringContaining('SPF50'),
        products: [{ productId: serum, name: 'Glycolzuur 30%', batch: 'LOT-2026-114', amount: '2 ml' }],
        devices: [
          { deviceId: dermapen, name: 'Dermapen 4', settings: [{ name: 'naalddiepte (mm)', value: '0,5' }] },
        ],
      },
    });
    expect(dossier.treatments.map((t: { kind: string }) => t.kind).sort()).toEqual(['consult', 'treatment']);
    expect(dossier.analyses[0].findings).toEqual({
      fitzpatrick: 3,
      conditions: ['hyperpigmentatie', 'droge huid'],
      findings: 'Melasma op de wangen.',
    });
    expect(dossier.homeProducts[0]).toMatchObject({ productName: 'Glycolzuur 30%', quantity: 1 });
    const one = await anouk.call('GET', `/api/clients/${client}/treatments/${treatment.json().id}`);
    expect(one.json().report.products[0].batch).toBe('LOT-2026-114');
  });

  it('[P5.5] keeps an e-mail from the client in the dossier, with the original message', async () => {
    const client = await clinic.aClient(anouk, { firstName: 'Eva', lastName: 'Mail' });
    const eml = 'From: eva@example.nl\r\nSubject: Vraag\r\n\r\nKan ik na de peeling sporten?';
    await expectStatus(
      anouk.call('POST', `/api/clients/${client}/emails`, {
        from: 'eva@example.nl',
        subject: 'Vraag',
        text: 'Kan ik na de peeling sporten?',
        eml,
        receivedAt: '2026-11-24T08:15:00.000Z',
      }),
      201,
    );
    const dossier = (await anouk.call('GET', `/api/clients/${client}/dossier`)).json();
    expect(dossier.emails).toEqual([
      {
        id: expect.any(String),
        receivedAt: '2026-11-24T08:15:00.000Z',
        content: { from: 'eva@example.nl', subject: 'Vraag', text: 'Kan ik na de peeling sporten?', eml },
      },
    ]);
  });

  it('[P4.1] refuses a report naming a product, device or setting the clinic does not have, writing nothing', async () => {
    const client = await clinic.aClient(anouk);
    const response = await anouk.call('POST', `/api/clients/${client}/treatments`, {
      kind: 'treatment',
      treatmentTypeId: peel,
      done: 'Microneedling',
      devices: [{ deviceId: dermapen, settings: [{ name: 'vermogen', value: '3' }] }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('devices.0.settings.0.name');
    const noType = await anouk.call('POST', `/api/clients/${client}/treatments`, {
      kind: 'treatment',
      done: 'x',
    });
    expect(noType.json().errors[0].field).toBe('treatmentTypeId');
    expect((await anouk.call('GET', `/api/clients/${client}/dossier`)).json().treatments).toEqual([]);
  });

  it('[P8.1] shows the dossier to the treating practitioner only: reception 403, another practitioner 404', async () => {
    const client = await clinic.aClient(anouk);
    expect((await rosa.call('GET', `/api/clients/${client}/dossier`)).statusCode).toBe(403);
    expect((await bram.call('GET', `/api/clients/${client}/dossier`)).statusCode).toBe(404);
    expect((await anouk.call('GET', `/api/clients/${client}/dossier`)).statusCode).toBe(200);
  });

  it('[P10.1] stores no medical text in the clear: a raw read of the tables shows only ciphertext', async () => {
    const client = await clinic.aClient(anouk, { firstName: 'Raw', lastName: 'Reader' });
    await expectStatus(
      anouk.call('POST', `/api/clients/${client}/treatments`, {
        kind: 'consult',
        done: 'Rosacea besproken, geen laser vanwege isotretinoïne.',
      }),
      201,
    );
    await expectStatus(
      anouk.call('POST', `/api/clients/${client}/skin-analyses`, {
        fitzpatrick: 2,
        findings: 'Couperose op de neus.',
      }),
      201,
    );
    await expectStatus(
      anouk.call('POST', `/api/clients/${client}/emails`, {
        from: 'raw@example.nl',
        subject: 'Eczeem',
        text: 'Mijn eczeem is erger.',
      }),
      201,
    );
    const dump = JSON.stringify([
      ...(await clinic.database.asOwner('select * from treatment')),
      ...(await clinic.database.asOwner('select * from skin_analysis')),
      ...(await clinic.database.asOwner('select * from dossier_email')),
    ]);
    for (const secret of ['Rosacea', 'isotretino', 'Couperose', 'Eczeem', 'eczeem', 'raw@example.nl']) {
      expect(dump).not.toContain(secret);
    }
    expect(dump).toMatch(/"v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"/);
  });

  it('[P3.2] asks the practitioner to confirm every contra-indication before a treatment, and records the confirmation', async () => {
    const client = await clinic.aClient(anouk);
    const previous = clinic.context.contraIndications;
    clinic.context.contraIndications = async (_scope, clientId, typeId) =>
      clientId === client && typeId === peel
        ? [
            {
              questionKey: 'isotretinoin',
              effect: 'rules_out',
              warning: { nl: 'Roaccutane gebruikt', en: 'Uses isotretinoin' },
            },
          ]
        : [];
    try {
      const body = { kind: 'treatment', treatmentTypeId: peel, done: 'Peeling' };
      const unconfirmed = await anouk.call('POST', `/api/clients/${client}/treatments`, body);
      expect(unconfirmed.statusCode).toBe(409);
      expect(unconfirmed.json().detail).toContain('isotretinoin');
      // Ruled out (absolute): the tick alone does not do, a written reason is asked and nothing is written.
      const count = async () =>
        Number(
          (
            await clinic.database.asOwner(
              `select count(*)::int as n from treatment where client_id = '${client}'`,
            )
          )[0]?.n,
        );
      for (const ruledOutReason of [undefined, '', 'ja       ']) {
        const ticked = await anouk.call('POST', `/api/clients/${client}/treatments`, {
          ...body,
          confirmedWarnings: ['isotretinoin'],
          ...(ruledOutReason === undefined ? {} : { ruledOutReason }),
        });
        expect(ticked.statusCode, String(ruledOutReason)).toBe(400);
        expect(ticked.json().errors).toEqual([expect.objectContaining({ field: 'ruledOutReason' })]);
      }
      expect(await count()).toBe(0);
      const ruledOutReason = 'Roaccutane gestopt in mei, dermatoloog akkoord per brief van 2 december';
      const confirmed = await anouk.call('POST', `/api/clients/${client}/treatments`, {
        ...body,
        confirmedWarnings: ['isotretinoin'],
        ruledOutReason,
      });
      expect(confirmed.statusCode).toBe(201);
      const read = (
        await anouk.call('GET', `/api/clients/${client}/treatments/${confirmed.json().id}`)
      ).json();
      expect(read.warningsConfirmed).toEqual([
        expect.objectContaining({ questionKey: 'isotretinoin', effect: 'rules_out' }),
      ]);
      expect(read.report.ruledOutReason).toBe(ruledOutReason);
      // Kept with the report, sealed like it.
      expect(JSON.stringify(await clinic.database.asOwner('select * from treatment'))).not.toContain(
        'dermatoloog',
      );
    } finally {
      clinic.context.contraIndications = previous;
    }
  });

  it('[P3.2] confirms a mild warning ("affects") with the tick alone', async () => {
    const client = await clinic.aClient(anouk);
    const previous = clinic.context.contraIndications;
    clinic.context.contraIndications = async (_scope, clientId) =>
      clientId === client
        ? [{ questionKey: 'sunburn', effect: 'affects', warning: { nl: 'Zonverbrand', en: 'Sunburn' } }]
        : [];
    try {
      const confirmed = await anouk.call('POST', `/api/clients/${client}/treatments`, {
        kind: 'treatment',
        treatmentTypeId: peel,
        done: 'Peeling, milder',
        confirmedWarnings: ['sunburn'],
      });
      expect(confirmed.statusCode, confirmed.body).toBe(201);
      const read = (
        await anouk.call('GET', `/api/clients/${client}/treatments/${confirmed.json().id}`)
      ).json();
      expect(read.report.ruledOutReason).toBeNull();
    } finally {
      clinic.context.contraIndications = previous;
    }
  });
});
