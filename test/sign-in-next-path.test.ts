import { describe, expect, it } from 'vitest';
import { safeNextPath, signInPathFor } from '../web/src/staff/session/next-path';

const origin = 'https://kliniek.example.nl';

describe('the page to land on after signing in', () => {
  it('follows a staff page of this site, with its query', () => {
    expect(safeNextPath('/app/clients/0b6e3f6a-1c2d-4e5f-8a9b-0c1d2e3f4a5b', origin)).toBe(
      '/app/clients/0b6e3f6a-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    );
    expect(safeNextPath('/app/agenda?day=2026-12-07', origin)).toBe('/app/agenda?day=2026-12-07');
    expect(safeNextPath('/app', origin)).toBe('/app');
  });

  it('ignores another origin in every spelling (no open redirect)', () => {
    for (const hostile of [
      '//evil.example',
      '//evil.example/app/clients',
      'https://evil.example',
      'https://evil.example/app/team',
      'http:evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/\t/evil.example',
      ' /app/team',
      '/app/team\n',
      'javascript:alert(1)',
      'app/team',
      `${origin.replace('kliniek', 'kliniek-evil')}/app`,
    ]) {
      expect(safeNextPath(hostile, origin), JSON.stringify(hostile)).toBeUndefined();
    }
  });

  it('ignores pages outside the staff area, and the sign-in steps themselves', () => {
    for (const other of [
      '/',
      '/book',
      '/application',
      '/app/../book',
      '/app/login',
      '/app/login/code',
      '/app/enrol',
    ]) {
      expect(safeNextPath(other, origin), other).toBeUndefined();
    }
    expect(safeNextPath(undefined, origin)).toBeUndefined();
    expect(safeNextPath('', origin)).toBeUndefined();
  });

  it('puts the page asked for on the sign-in address, encoded, or nothing', () => {
    expect(signInPathFor('/app/clients?q=de%20vries', origin)).toBe(
      `/app/login?next=${encodeURIComponent('/app/clients?q=de%20vries')}`,
    );
    expect(signInPathFor('//evil.example', origin)).toBe('/app/login');
    expect(signInPathFor('/app', origin)).toBe('/app/login');
  });
});
