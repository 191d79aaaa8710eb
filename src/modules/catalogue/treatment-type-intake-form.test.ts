import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type TestClinic } from '../../../test/support/clinic';

let clinic: TestClinic;
beforeAll(async () => {
  clinic = await aClinic();
});
afterAll(() => clinic.close());

const typesNamed = async (name: string) =>
  Number(
    (await clinic.database.asOwner(`select count(*)::int as n from treatment_type where name = '${name}'`))[0]
      ?.n,
  );

describe("a treatment type's intake form", () => {
  it('is one of the intake forms that exist; an unknown key is refused naming the field, nothing saved', async () => {
    const owner = await clinic.freshOwner();
    const forms = (await owner.call('GET', '/api/intake-templates')).json() as { key: string }[];
    expect(forms.map((f) => f.key)).toContain('chemical_peel');
    const base = { name: 'Peeling licht', durationMinutes: 30, priceCents: 6500, vatRatePercent: 21 };

    const typo = await owner.call('POST', '/api/treatment-types', {
      ...base,
      intakeTemplateKey: 'chemical-peel',
    });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().errors).toEqual([expect.objectContaining({ field: 'intakeTemplateKey' })]);
    expect(await typesNamed('Peeling licht')).toBe(0);

    const made = await owner.call('POST', '/api/treatment-types', {
      ...base,
      intakeTemplateKey: 'chemical_peel',
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;

    const changed = await owner.call('PATCH', `/api/treatment-types/${id}`, {
      intakeTemplateKey: 'made_up_form',
    });
    expect(changed.statusCode).toBe(400);
    expect(changed.json().errors).toEqual([expect.objectContaining({ field: 'intakeTemplateKey' })]);
    const types = (await owner.call('GET', '/api/treatment-types')).json() as {
      id: string;
      intakeTemplateKey: string | null;
    }[];
    expect(types.find((t) => t.id === id)?.intakeTemplateKey).toBe('chemical_peel');

    // No intake form at all stays possible.
    expect(
      (await owner.call('PATCH', `/api/treatment-types/${id}`, { intakeTemplateKey: null })).statusCode,
    ).toBe(200);
  });
});
