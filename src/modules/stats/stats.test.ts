import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type TestClinic } from '../../../test/support/clinic';
import { family } from './stats.service';

let clinic: TestClinic;
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const WINDOWS_CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

beforeAll(async () => {
  clinic = await aClinic('2026-11-25T09:00:00Z');
});
afterAll(() => clinic.close());

const view = (path: string, userAgent: string, ip: string) =>
  clinic.app.inject({
    method: 'POST',
    url: '/api/public/stats/view',
    payload: { path },
    headers: { 'user-agent': userAgent },
    remoteAddress: ip,
  });

describe('anonymous website statistics', () => {
  it('[P6.1] counts pages, visits, browser, operating system and time on site, per day', async () => {
    expect((await view('/', IPHONE, '198.51.100.20')).statusCode).toBe(204);
    clinic.clock.advance(90_000);
    await view('/privacy', IPHONE, '198.51.100.20');
    await view('/', WINDOWS_CHROME, '203.0.113.44');
    await clinic.context.stats.flush();

    const report = (await clinic.owner.call('GET', '/api/stats?from=2026-11-25&to=2026-11-25')).json();
    expect(report.pages).toEqual([
      { day: '2026-11-25', path: '/', views: 2 },
      { day: '2026-11-25', path: '/privacy', views: 1 },
    ]);
    expect(report.visits).toEqual(
      expect.arrayContaining([
        { day: '2026-11-25', browser: 'Safari', os: 'iOS', visits: 1, seconds: 90 },
        { day: '2026-11-25', browser: 'Chrome', os: 'Windows', visits: 1, seconds: 0 },
      ]),
    );
    expect(report.totalVisits).toBe(2);
    expect(report.averageSecondsOnSite).toBe(45);
    expect(family(IPHONE)).toEqual({ browser: 'Safari', os: 'iOS' });
  });

  it('[P6.2] sets no cookie and stores no address, user agent or identifier; a new day cannot be linked to the last', async () => {
    const response = await view('/?utm=secret-campaign-123', WINDOWS_CHROME, '203.0.113.44');
    expect(response.headers['set-cookie']).toBeUndefined();
    const stored = JSON.stringify([
      ...(await clinic.database.asOwner('select * from stats_page_views')),
      ...(await clinic.database.asOwner('select * from stats_visits')),
    ]);
    for (const secret of ['203.0.113', '198.51.100', 'Mozilla', 'Win64', 'secret-campaign']) {
      expect(stored).not.toContain(secret);
    }
    const columns = await clinic.database.asOwner(
      `select column_name from information_schema.columns where table_name in ('stats_page_views', 'stats_visits')`,
    );
    expect(columns.map((c) => c.column_name).sort()).toEqual(
      ['browser', 'day', 'day', 'os', 'path', 'seconds', 'views', 'visits'].sort(),
    );

    // The same person the next day is a new visit: yesterday's salt is gone.
    clinic.clock.advance(24 * 3600 * 1000);
    await view('/', WINDOWS_CHROME, '203.0.113.44');
    const next = (await clinic.owner.call('GET', '/api/stats?from=2026-11-26&to=2026-11-26')).statusCode;
    expect(next).toBe(401); // the owner's session has ended with the day; sign in again
    const owner = await clinic.freshOwner();
    const report = (await owner.call('GET', '/api/stats?from=2026-11-26&to=2026-11-26')).json();
    expect(report.totalVisits).toBe(1);
  });

  it('[P6.2] the same person minutes before and after midnight is two visits: only the new salt separates them', async () => {
    // Ten minutes apart, well inside the 30-minute gap that ends a visit: without a new salt (and
    // yesterday's visits forgotten) the second view would extend yesterday's visit.
    const memory = clinic.context.stats as unknown as { visits: Map<string, unknown> };
    const keys = () => new Set(memory.visits.keys());
    clinic.clock.set('2026-11-27T23:55:00Z');
    const before = keys();
    await view('/', IPHONE, '192.0.2.77');
    const yesterday = [...keys()].filter((k) => !before.has(k));
    expect(yesterday).toHaveLength(1);
    clinic.clock.set('2026-11-28T00:05:00Z');
    await view('/privacy', IPHONE, '192.0.2.77');
    const today = keys();
    await clinic.context.stats.flush();

    const owner = await clinic.freshOwner();
    const report = await owner.call('GET', '/api/stats?from=2026-11-27&to=2026-11-28');
    expect(report.statusCode).toBe(200);
    expect(report.json().visits).toEqual([
      { day: '2026-11-27', browser: 'Safari', os: 'iOS', visits: 1, seconds: 0 },
      { day: '2026-11-28', browser: 'Safari', os: 'iOS', visits: 1, seconds: 0 },
    ]);
    // The visitor hash (the only identifier) of the same address and browser is another one today.
    expect(today.size).toBe(1);
    expect(today.has(yesterday[0] as string)).toBe(false);
  });
});
