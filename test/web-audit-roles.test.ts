import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { jobNames } from '../src/modules/access/actor';
import { nl } from '../web/src/shared/i18n/nl';
import { roleLabel } from '../web/src/staff/audit/audit-roles';

// The audit log's "who" column: the server writes roles as codes (`client`, `visitor:<channel>`,
// `job:<name>`, src/modules/access/actor.ts); an owner reading her log sees words (issue 14 week walk).
describe('the audit log names who acted', () => {
  it('in Dutch, for the client, a visitor through a channel and a scheduled job', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'nl', resources: { nl: { translation: nl } } });
    const t = i18n.t.bind(i18n);
    expect(roleLabel(t, 'owner')).toBe('Eigenaar');
    expect(roleLabel(t, 'client')).toBe('Cliënt zelf');
    expect(roleLabel(t, 'visitor:online-booking')).toBe('Bezoeker · online boeken');
    expect(roleLabel(t, 'visitor:privacy-portal')).toBe('Bezoeker · Mijn gegevens');
    expect(roleLabel(t, 'job:erasure')).toBe('Automatische taak · wissen');
    // A channel or job this screen does not know yet still says what kind of actor it was.
    expect(roleLabel(t, 'job:something-new')).toBe('Automatische taak · something-new');
  });

  it('has words for every job the server has', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'nl', resources: { nl: { translation: nl } } });
    const t = i18n.t.bind(i18n);
    for (const job of jobNames) {
      expect(roleLabel(t, `job:${job}`), job).not.toBe(`Automatische taak · ${job}`);
    }
  });
});
