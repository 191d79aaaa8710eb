import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type StaffMember, type TestClinic } from '../../../test/support/clinic';
import { aSignature, aTreatmentType, formOf, harmlessAnswers } from '../../../test/support/intake';
import { defaultTemplates } from './default-templates';

let clinic: TestClinic;
let owner: StaffMember;
let anouk: StaffMember;

beforeAll(async () => {
  clinic = await aClinic();
  anouk = await clinic.hire('practitioner', 'Anouk Sjabloon');
  owner = await clinic.freshOwner();
});
afterAll(() => clinic.close());

type Question = {
  key: string;
  kind: string;
  topic: string;
  label: { nl: string; en: string };
  required: boolean;
  options?: { key: string; label: { nl: string; en: string } }[];
  rules?: { when: string[]; effect: string; warning: { nl: string; en: string } }[];
};

const skinTest = {
  name: { nl: 'Intake huidtest', en: 'Skin test intake' },
  questions: [
    {
      key: 'sunburn',
      kind: 'yes_no',
      topic: 'contra_indication',
      label: { nl: 'Ben je verbrand?', en: 'Are you sunburnt?' },
      required: true,
      rules: [
        {
          when: ['yes'],
          effect: 'rules_out',
          treatmentTypes: 'all_linked',
          warning: { nl: 'Verbrande huid', en: 'Sunburnt skin' },
        },
      ],
    },
    {
      key: 'medication',
      kind: 'text',
      topic: 'medication',
      label: { nl: 'Welke medicijnen?', en: 'Which medication?' },
      required: false,
    },
  ],
};

describe('intake templates', () => {
  it('[P3.1] ships default forms in Dutch and English covering contra-indications, medication, allergies and other medical matters', async () => {
    const list = (await owner.call('GET', '/api/intake-templates')).json() as { key: string }[];
    const keys = list.map((t) => t.key);
    for (const key of [
      'facial',
      'chemical_peel',
      'microneedling',
      'ipl_laser_hair_removal',
      'permanent_makeup',
    ]) {
      expect(keys).toContain(key);
      const version = (await owner.call('GET', `/api/intake-templates/${key}/versions/latest`)).json() as {
        name: { nl: string; en: string };
        questions: Question[];
      };
      expect(version.name.nl && version.name.en, key).toBeTruthy();
      const topics = new Set(version.questions.map((q) => q.topic));
      expect([...topics].sort(), key).toEqual(['allergy', 'contra_indication', 'medical', 'medication']);
      for (const question of version.questions) {
        expect(question.label.nl.length, `${key}.${question.key}`).toBeGreaterThan(5);
        expect(question.label.en.length, `${key}.${question.key}`).toBeGreaterThan(5);
        expect(question.label.nl, `${key}.${question.key} is translated`).not.toBe(question.label.en);
        for (const rule of question.rules ?? []) {
          expect(rule.warning.nl && rule.warning.en, `${key}.${question.key}`).toBeTruthy();
        }
      }
      // At least one answer rules the treatment out (e.g. pregnancy) and at least one affects it.
      const effects = new Set(version.questions.flatMap((q) => (q.rules ?? []).map((r) => r.effect)));
      expect([...effects].sort(), key).toEqual(['affects', 'rules_out']);
    }
    expect(defaultTemplates).toHaveLength(5);
  });

  it('[P3.1] publishing version 2 leaves version 1 as it was, and signed intakes keep their version', async () => {
    const created = await owner.call('POST', '/api/intake-templates', { key: 'skin_test', ...skinTest });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().version).toBe(1);
    const v1 = (await owner.call('GET', '/api/intake-templates/skin_test/versions/1')).json();

    const type = await aTreatmentType(clinic, { name: 'Huidtest', intakeTemplateKey: 'skin_test' });
    const anna = await clinic.aClient(anouk);
    const signed = await anouk.call('POST', `/api/clients/${anna}/intakes`, {
      treatmentTypeId: type,
      answers: { sunburn: false },
      signature: aSignature(),
    });
    expect(signed.statusCode, signed.body).toBe(201);

    const v2Questions = [
      {
        ...skinTest.questions[0],
        label: { nl: 'Ben je de laatste week verbrand?', en: 'Sunburnt in the last week?' },
      },
      {
        key: 'pregnant',
        kind: 'yes_no',
        topic: 'contra_indication',
        label: { nl: 'Ben je zwanger?', en: 'Are you pregnant?' },
        required: true,
      },
    ];
    const published = await owner.call('POST', '/api/intake-templates/skin_test/versions', {
      name: skinTest.name,
      questions: v2Questions,
    });
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json().version).toBe(2);

    expect((await owner.call('GET', '/api/intake-templates/skin_test/versions/1')).json()).toEqual(v1);
    const intake = (await anouk.call('GET', `/api/clients/${anna}/intakes/${signed.json().id}`)).json();
    expect(intake.template.version).toBe(1);
    expect(intake.questions.map((q: Question) => q.key)).toEqual(['sunburn', 'medication']);
    expect(intake.hashVerified).toBe(true);

    // A new intake uses version 2; the old answers no longer fit it.
    expect((await formOf(anouk, type)).template.version).toBe(2);
    const stale = await anouk.call('POST', `/api/clients/${anna}/intakes`, {
      treatmentTypeId: type,
      answers: { sunburn: false, medication: 'geen' },
      signature: aSignature(),
    });
    expect(stale.statusCode).toBe(400);
    expect(
      stale
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['answers.medication', 'answers.pregnant']);
    const fresh = await anouk.call('POST', `/api/clients/${anna}/intakes`, {
      treatmentTypeId: type,
      answers: harmlessAnswers(v2Questions as Question[]),
      signature: aSignature(),
    });
    expect(fresh.statusCode).toBe(201);
    expect(
      (await anouk.call('GET', `/api/clients/${anna}/intakes/${fresh.json().id}`)).json().template.version,
    ).toBe(2);
  });

  it('[P3.1] keeps a published version immutable in the database', async () => {
    await expect(
      clinic.database.asOwner(`update intake_template_version set questions = '[]'::jsonb where version = 1`),
    ).rejects.toThrow(/cannot be changed/);
    await expect(clinic.database.asOwner('delete from intake_template_version')).rejects.toThrow(
      /cannot be changed/,
    );
  });

  it('refuses a template with duplicate keys, a choice without options or a rule on a missing option', async () => {
    const response = await owner.call('POST', '/api/intake-templates', {
      key: 'broken',
      name: { nl: 'Kapot', en: 'Broken' },
      questions: [
        { key: 'a', kind: 'yes_no', topic: 'medical', label: { nl: 'A?', en: 'A?' }, required: true },
        { key: 'a', kind: 'text', topic: 'medical', label: { nl: 'A2?', en: 'A2?' }, required: false },
        {
          key: 'skin',
          kind: 'choice',
          topic: 'medical',
          label: { nl: 'Huid?', en: 'Skin?' },
          required: true,
        },
        {
          key: 'hair',
          kind: 'choice',
          topic: 'contra_indication',
          label: { nl: 'Haar?', en: 'Hair?' },
          required: true,
          options: [
            { key: 'dark', label: { nl: 'Donker', en: 'Dark' } },
            { key: 'light', label: { nl: 'Licht', en: 'Light' } },
          ],
          rules: [
            { when: ['red'], effect: 'affects', treatmentTypes: 'all_linked', warning: { nl: 'x', en: 'x' } },
          ],
        },
      ],
    });
    expect(response.statusCode).toBe(400);
    const fields = (response.json().errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['questions.1.key', 'questions.2.options', 'questions.3.rules.0.when']),
    );
    expect(
      (await owner.call('GET', '/api/intake-templates')).json().map((t: { key: string }) => t.key),
    ).not.toContain('broken');
  });

  it('lets only the owner manage templates', async () => {
    expect((await anouk.call('GET', '/api/intake-templates')).statusCode).toBe(403);
    expect(
      (
        await anouk.call('POST', '/api/intake-templates/facial/versions', {
          name: skinTest.name,
          questions: [],
        })
      ).statusCode,
    ).toBe(403);
  });
});
