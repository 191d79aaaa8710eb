import { createHash, randomBytes } from 'node:crypto';
import { and, asc, gte, lte, sql } from 'drizzle-orm';
import type { Database } from '../../db/connection';
import type { Clock } from '../../platform/clock';
import type { Actor } from '../access/actor';
import type { AccessGate } from '../access/gate';
import { statsPageViews, statsVisits } from './tables';

/** Pages of the public site that are counted; anything else is counted as 'other'. */
const KNOWN_PATHS = /^\/(privacy(\/report)?|privacy-portal|intake|book(ing)?|shop|contact)?$/;
/** A visit ends after 30 minutes without a page view. */
const VISIT_GAP_MS = 30 * 60 * 1000;

type Visit = { browser: string; os: string; first: number; last: number; counted: boolean };

/**
 * Anonymous website statistics (P6.1, P6.2). For each page view the server derives, in memory:
 * the browser and operating system family from the user agent, and a visitor hash of address and
 * user agent with a random salt that exists only in memory and is replaced every day. The hash
 * tells views of one visit apart, to count visits and their length; it is never stored, and after
 * midnight (UTC) the same person cannot be linked to the day before. Only counts per day reach the
 * database. No cookie is set. With several app instances each counts its own visits.
 */
export class WebsiteStats {
  private day = '';
  private salt = randomBytes(32);
  private visits = new Map<string, Visit>();

  constructor(
    private readonly database: Database,
    private readonly gate: AccessGate,
    private readonly clock: Clock,
  ) {}

  async recordView(input: { path: string; userAgent: string | undefined; address: string }): Promise<void> {
    const now = this.clock.now();
    await this.rollOver(now);
    const day = this.day;
    const path = KNOWN_PATHS.test(input.path) ? input.path : 'other';
    const { browser, os } = family(input.userAgent ?? '');
    const visitor = createHash('sha256')
      .update(this.salt)
      .update(input.address)
      .update(input.userAgent ?? '')
      .digest('base64url');
    const visit = this.visits.get(visitor);
    const t = now.getTime();
    const newVisit = !visit || t - visit.last > VISIT_GAP_MS;
    if (newVisit && visit) await this.flushVisit(day, visit);
    this.visits.set(
      visitor,
      newVisit ? { browser, os, first: t, last: t, counted: false } : { ...visit, last: t },
    );
    await this.database.db.execute(sql`
      insert into stats_page_views (day, path, views) values (${day}, ${path}, 1)
      on conflict (day, path) do update set views = stats_page_views.views + 1`);
    if (newVisit) {
      await this.database.db.execute(sql`
        insert into stats_visits (day, browser, os, visits, seconds) values (${day}, ${browser}, ${os}, 1, 0)
        on conflict (day, browser, os) do update set visits = stats_visits.visits + 1`);
    }
  }

  /** Writes the lengths of visits still open (at shutdown, and at the change of day). */
  async flush(): Promise<void> {
    for (const visit of this.visits.values()) await this.flushVisit(this.day, visit);
  }

  /** Counts per day for the owner. */
  async report(actor: Actor, from: string, to: string, origin: string) {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'website_stats' });
      const pages = await scope.tx
        .select()
        .from(statsPageViews)
        .where(and(gte(statsPageViews.day, from), lte(statsPageViews.day, to)))
        .orderBy(asc(statsPageViews.day), asc(statsPageViews.path));
      const visits = await scope.tx
        .select()
        .from(statsVisits)
        .where(and(gte(statsVisits.day, from), lte(statsVisits.day, to)))
        .orderBy(asc(statsVisits.day));
      const total = visits.reduce((sum, v) => sum + v.visits, 0);
      const seconds = visits.reduce((sum, v) => sum + v.seconds, 0);
      return {
        pages,
        visits,
        totalVisits: total,
        averageSecondsOnSite: total === 0 ? 0 : Math.round(seconds / total),
      };
    });
  }

  /** A new day: a new salt, and yesterday's visits written and forgotten. */
  private async rollOver(now: Date): Promise<void> {
    const today = now.toISOString().slice(0, 10);
    if (today === this.day) return;
    if (this.day !== '') await this.flush();
    this.day = today;
    this.salt = randomBytes(32);
    this.visits = new Map();
  }

  private async flushVisit(day: string, visit: Visit): Promise<void> {
    if (visit.counted) return;
    visit.counted = true;
    const seconds = Math.round((visit.last - visit.first) / 1000);
    if (seconds === 0) return;
    await this.database.db.execute(sql`
      update stats_visits set seconds = seconds + ${seconds}
      where day = ${day} and browser = ${visit.browser} and os = ${visit.os}`);
  }
}

/** The browser and operating system family, nothing finer (no versions, no devices). */
export function family(userAgent: string): { browser: string; os: string } {
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /OPR\//.test(userAgent)
      ? 'Opera'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Chrome\//.test(userAgent)
          ? 'Chrome'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : 'other';
  const os = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : 'other';
  return { browser, os };
}
