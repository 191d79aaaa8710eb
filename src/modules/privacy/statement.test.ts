import { describe, expect, it } from 'vitest';
import { defaultRetention, renderStatement, type StatementSettings } from './statement';

const settings = (backupDays: number): StatementSettings => ({
  clinic: {
    name: 'Huidkliniek Noord',
    privacyEmail: 'privacy@huidkliniek.example',
    street: null,
    houseNumber: null,
    postcode: null,
    city: null,
  },
  retention: { ...defaultRetention, backupDays },
  processors: [],
});

const retentionSection = (rendered: ReturnType<typeof renderStatement>, language: 'nl' | 'en') =>
  rendered.texts[language].sections.find((s) => s.heading.startsWith('7.'))?.paragraphs.join(' ') ?? '';

describe('the privacy statement', () => {
  it('says how long backups live, and that erased data leaves them when they expire', () => {
    const rendered = renderStatement(settings(45));
    expect(retentionSection(rendered, 'nl')).toContain('Een back-up wordt na 45 dagen verwijderd');
    expect(retentionSection(rendered, 'nl')).toContain('uiterlijk 45 dagen later ook uit de back-ups');
    expect(retentionSection(rendered, 'en')).toContain('A backup is deleted after 45 days');
    expect(retentionSection(rendered, 'en')).toContain('leaves the backups at most 45 days later');
  });

  it('is a new version when the owner keeps backups for another period', () => {
    expect(renderStatement(settings(45)).hash).not.toBe(renderStatement(settings(30)).hash);
    expect(renderStatement(settings(30)).hash).toBe(renderStatement(settings(30)).hash);
  });
});
