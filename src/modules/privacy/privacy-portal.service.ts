import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { auditEvent, auditEventShown, client, clientMerge, clinic, outboxEmail } from '../../db/schema';
import { randomToken, sha256Hex } from '../../platform/crypto';
import { NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { assertNotThrottled, recordFailure } from '../../platform/throttle';
import { type Actor, clientActor, visitor } from '../access/actor';
import type { AccessGate, Scope } from '../access/gate';
import { clientsWithEmail, linkedClient } from '../access/links';
import type { Disclosures } from '../disclosures/disclosure.service';
import type { ErasureService } from '../erasure/erasure.service';
import type { ConsentLedger, ConsentState, ConsentView } from './consent.service';
import type { CorrectionInput, Corrections, OwnCorrection } from './correction.service';
import type { ConsentScope, Language } from './statement';
import { portalToken } from './tables';

const LINK_MINUTES = 60;
/**
 * Asking for a link is a visitor's act (it reads nothing back); everything after runs as the client
 * the link is for, whom row-level security allows only their own rows (decision 0014).
 */
const LINK_VISITOR: Actor = visitor('privacy-portal');
export const portalActor = (clientId: string): Actor => clientActor(clientId, 'privacy-portal');
const GONE = 'this link is not valid (any more): ask for a new one';

export type PortalOverview = {
  client: Pick<
    typeof client.$inferSelect,
    | 'firstName'
    | 'lastName'
    | 'email'
    | 'phone'
    | 'birthDate'
    | 'street'
    | 'houseNumber'
    | 'postcode'
    | 'city'
  >;
  held: {
    treatments: number;
    analyses: number;
    intakes: number;
    photos: number;
    emails: number;
    homeProducts: number;
  };
  consents: { current: ConsentState[]; history: ConsentView[] };
  access: { at: Date; role: string; action: string }[];
  /** The first page of the access log, grouped by day and by who did what (newest first). */
  accessLog: AccessLogPage;
  erasureRequest: { deadlineAt: Date } | null;
  corrections: OwnCorrection[];
  /** The language the client chose: their export and mails are written in it. */
  language: Language;
};

/**
 * The client privacy portal (GDPR art. 15–17, 20; P1, P9.2): a client asks for a link by e-mail
 * address and gets the same answer whether or not the clinic knows it; the e-mailed link (one hour)
 * shows what is held, who looked (roles and dates, never names), the consents with a withdraw
 * button, the export, and the erasure request.
 */
export class PrivacyPortal {
  constructor(
    private readonly gate: AccessGate,
    private readonly consents: ConsentLedger,
    private readonly erasure: ErasureService,
    private readonly disclosures: Disclosures,
    private readonly config: Config,
    private readonly corrections: Corrections,
  ) {}

  /** Sends a link to every client with this address; answers nothing about whether there is one. */
  async requestLink(email: string, language: Language, network: string, origin: string): Promise<void> {
    await this.gate.act(LINK_VISITOR, origin, async (scope) => {
      const keys = [`portal:${network}`, `portal-email:${sha256Hex(email.toLowerCase())}`];
      await assertNotThrottled(scope.tx, keys, scope.now);
      await recordFailure(scope.tx, keys, scope.now); // every request counts toward the limit
      const clients = await clientsWithEmail(scope, email);
      const [clinicRow] = await scope.tx.select({ name: clinic.name }).from(clinic).limit(1);
      for (const found of clients) {
        const token = randomToken(32);
        const expiresAt = new Date(scope.now.getTime() + LINK_MINUTES * 60_000);
        await scope.tx.insert(portalToken).values({
          id: newId(),
          clientId: found.id,
          tokenHash: sha256Hex(token),
          expiresAt,
          createdAt: scope.now,
        });
        await scope.tx.insert(outboxEmail).values({
          id: newId(),
          recipient: email,
          clientId: found.id,
          kind: 'privacy_portal',
          subject: mail(language).subject(clinicRow?.name ?? 'Vellum'),
          body: mail(language).body(`${this.config.publicUrl}/privacy-portal#token=${token}`),
          createdAt: scope.now,
        });
        scope.record({ action: 'create', objectType: 'portal_link', clientId: found.id, basis: 'none' });
      }
    });
  }

  async overview(token: string, origin: string): Promise<PortalOverview> {
    const clientId = await this.clientOf(token, origin);
    const consents = await this.consents.ofClient(portalActor(clientId), clientId, origin);
    return this.gate.act(portalActor(clientId), origin, async (scope) => {
      await scope.requireClient('read', 'contact', clientId, { type: 'privacy_portal' });
      const [person] = await scope.tx.select().from(client).where(eq(client.id, clientId));
      if (!person) throw new NotFound(GONE);
      const tally = await scope.tx.execute(sql`select
        (select count(*) from treatment where client_id = ${clientId})::int as treatments,
        (select count(*) from skin_analysis where client_id = ${clientId})::int as analyses,
        (select count(*) from intake where client_id = ${clientId})::int as intakes,
        (select count(*) from photo where client_id = ${clientId})::int as photos,
        (select count(*) from dossier_email where client_id = ${clientId})::int as emails,
        (select count(*) from home_product where client_id = ${clientId})::int as home_products`);
      const held = (tally as unknown as { rows: Record<string, number>[] }).rows[0] ?? {};
      const request = await scope.tx.execute(
        sql`select deadline_at from erasure_request where client_id = ${clientId} and executed_at is null limit 1`,
      );
      const open = (request as unknown as { rows: { deadline_at: string | Date }[] }).rows[0];
      return {
        client: {
          firstName: person.firstName,
          lastName: person.lastName,
          email: person.email,
          phone: person.phone,
          birthDate: person.birthDate,
          street: person.street,
          houseNumber: person.houseNumber,
          postcode: person.postcode,
          city: person.city,
        },
        held: {
          treatments: held.treatments ?? 0,
          analyses: held.analyses ?? 0,
          intakes: held.intakes ?? 0,
          photos: held.photos ?? 0,
          emails: held.emails ?? 0,
          homeProducts: held.home_products ?? 0,
        },
        consents,
        access: await this.accessOf(scope, clientId),
        accessLog: await accessLogPage(scope, await this.ownAndMerged(scope, clientId), null),
        erasureRequest: open ? { deadlineAt: new Date(open.deadline_at) } : null,
        corrections: await this.corrections.ofClient(scope, clientId),
        language: person.preferredLanguage,
      };
    });
  }

  /** Withdraws a consent from the portal; it holds at once. */
  async withdraw(
    token: string,
    input: { scope: ConsentScope; subject?: string },
    request: { requestId: string; userAgent: string | null },
    origin: string,
  ): Promise<void> {
    const clientId = await this.clientOf(token, origin);
    await this.gate.act(portalActor(clientId), origin, async (scope) => {
      await scope.requireClient('update', 'contact', clientId, { type: 'consent' });
      const [person] = await scope.tx
        .select({ language: client.preferredLanguage })
        .from(client)
        .where(eq(client.id, clientId));
      await this.consents.append(scope, {
        clientId,
        scope: input.scope,
        ...(input.subject ? { subject: input.subject } : {}),
        decision: 'withdrawn',
        channel: 'privacy_portal',
        language: person?.language ?? 'nl',
        evidence: {
          kind: 'checkbox',
          requestId: request.requestId,
          userAgent: request.userAgent,
          formShownAt: null,
        },
      });
    });
  }

  /** The client asks, signed here with the e-mailed link, to send their data to a third party (P8.2). */
  async requestDisclosure(
    token: string,
    input: { recipient: string; purpose: string },
    request: { requestId: string; userAgent: string | null },
    origin: string,
  ): Promise<{ id: string }> {
    const clientId = await this.clientOf(token, origin);
    return this.gate.act(portalActor(clientId), origin, async (scope) => {
      await scope.requireClient('create', 'medical', clientId, { type: 'disclosure' });
      const [person] = await scope.tx
        .select({ language: client.preferredLanguage })
        .from(client)
        .where(eq(client.id, clientId));
      return this.disclosures.requestFromPortal(scope, clientId, {
        ...input,
        language: person?.language ?? 'nl',
        ...request,
      });
    });
  }

  /** Older pages of the access log: the days before `before` (a clinic day, YYYY-MM-DD). */
  async accessLog(token: string, before: string, origin: string): Promise<AccessLogPage> {
    const clientId = await this.clientOf(token, origin);
    return this.gate.act(portalActor(clientId), origin, async (scope) => {
      await scope.requireClient('read', 'contact', clientId, { type: 'privacy_portal' });
      return accessLogPage(scope, await this.ownAndMerged(scope, clientId), before);
    });
  }

  /** The client asks to have their data corrected (GDPR art. 16); due within a month. */
  async requestCorrection(
    token: string,
    input: CorrectionInput,
    network: string,
    origin: string,
  ): Promise<{ id: string; deadlineAt: Date }> {
    const clientId = await this.clientOf(token, origin);
    return this.corrections.submit(portalActor(clientId), clientId, input, network, origin);
  }

  async requestErasure(token: string, origin: string): Promise<{ deadlineAt: Date }> {
    const clientId = await this.clientOf(token, origin);
    return this.erasure.register(portalActor(clientId), clientId, 'portal', origin);
  }

  /** The client a live token belongs to; a wrong or expired token answers like a missing one. */
  async clientOf(token: string, origin: string): Promise<string> {
    return this.gate.act(LINK_VISITOR, origin, async (scope) => {
      const clientId = await linkedClient(scope, 'privacy-portal', token);
      if (!clientId) throw new NotFound(GONE);
      return clientId;
    });
  }

  /**
   * Who looked at or changed the dossier: staff roles and dates, never names (the audit trail holds
   * the names for the clinic). Includes the ids of records merged into this one.
   */
  private async accessOf(scope: Scope, clientId: string): Promise<PortalOverview['access']> {
    const ids = await this.ownAndMerged(scope, clientId);
    const columns = { at: auditEvent.at, role: auditEvent.actorRole, action: auditEvent.action };
    const staffAllowed = and(
      inArray(auditEvent.actorRole, ['owner', 'practitioner', 'reception']),
      eq(auditEvent.outcome, 'allowed'),
    );
    const about = await scope.tx
      .select(columns)
      .from(auditEvent)
      .where(and(inArray(auditEvent.clientId, ids), staffAllowed))
      .orderBy(desc(auditEvent.at))
      .limit(500);
    // Result sets that showed them (decision 0027): one entry each, through their row of its list.
    const shown = await scope.tx
      .select(columns)
      .from(auditEventShown)
      .innerJoin(
        auditEvent,
        and(eq(auditEvent.stripe, auditEventShown.stripe), eq(auditEvent.stripeN, auditEventShown.stripeN)),
      )
      .where(and(inArray(auditEventShown.clientId, ids), staffAllowed))
      .orderBy(desc(auditEvent.at))
      .limit(500);
    return [...about, ...shown].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, 500);
  }

  /** The client's id and the ids of records merged into theirs. */
  private async ownAndMerged(scope: Scope, clientId: string): Promise<string[]> {
    const merged = await scope.tx
      .select({ id: clientMerge.fromClientId })
      .from(clientMerge)
      .where(eq(clientMerge.intoClientId, clientId));
    return [clientId, ...merged.map((m) => m.id)];
  }
}

/** Days per page of the portal's access log. */
export const ACCESS_LOG_DAYS = 30;

export type AccessLogGroup = {
  /** A staff role, or 'client' for what the client did themselves (an erasure request, a withdrawal). */
  role: string;
  action: string;
  /** For the client's own acts, what they were about (erasure_request, consent, ...); else null. */
  objectType: string | null;
  count: number;
  lastAt: Date;
};
export type AccessLogPage = {
  days: { date: string; groups: AccessLogGroup[] }[];
  /** The day to ask for next ("older"), or null when there is nothing before this page. */
  older: string | null;
};

/**
 * The access log for the portal, grouped by clinic day and by who did what, newest day first: the
 * client's own acts first within a day, then staff by role with counts. At most ACCESS_LOG_DAYS days
 * per page, before the clinic day `before` (exclusive) when given. The one query over audit storage
 * (the per-client column and its (client_id, at) index, and the lists of result sets through their
 * (client_id) index, decision 0027), kept here so a change of storage changes one function.
 */
export async function accessLogPage(
  scope: Scope,
  clientIds: string[],
  before: string | null,
): Promise<AccessLogPage> {
  const [clinicRow] = await scope.tx.select({ timeZone: clinic.timeZone }).from(clinic).limit(1);
  const zone = clinicRow?.timeZone ?? 'Europe/Amsterdam';
  const ids = sql.join(
    clientIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const until = before === null ? sql`` : sql`and at < (${before}::date::timestamp at time zone ${zone})`;
  const result = await scope.tx.execute(sql`
    with entries as (
      select (at at time zone ${zone})::date as day, actor_role, action,
             case when actor_role = 'client' then object_type end as object_type, at
      from (
        select at, actor_role, action, object_type, outcome from audit_event where client_id in (${ids})
        union all
        select e.at, e.actor_role, e.action, e.object_type, e.outcome
        from audit_event_shown c
        join audit_event e on e.stripe = c.stripe and e.stripe_n = c.stripe_n
        where c.client_id in (${ids})
      ) a
      where outcome = 'allowed' ${until}
        and (actor_role in ('owner', 'practitioner', 'reception')
             or (actor_role = 'client' and action <> 'read'))
    ), days as (
      select distinct day from entries order by day desc limit ${ACCESS_LOG_DAYS + 1}
    )
    select to_char(e.day, 'YYYY-MM-DD') as day, e.actor_role as role, e.action,
           e.object_type, count(*)::int as count, max(e.at) as last_at
    from entries e join days d on d.day = e.day
    group by e.day, e.actor_role, e.action, e.object_type
    order by e.day desc, (e.actor_role = 'client') desc, count(*) desc, max(e.at) desc`);
  const rows = (
    result as unknown as {
      rows: {
        day: string;
        role: string;
        action: string;
        object_type: string | null;
        count: number;
        last_at: string | Date;
      }[];
    }
  ).rows;
  const days: AccessLogPage['days'] = [];
  for (const row of rows) {
    let day = days.at(-1);
    if (day?.date !== row.day) {
      day = { date: row.day, groups: [] };
      days.push(day);
    }
    day.groups.push({
      role: row.role,
      action: row.action,
      objectType: row.object_type,
      count: row.count,
      lastAt: new Date(row.last_at),
    });
  }
  const more = days.length > ACCESS_LOG_DAYS;
  const page = days.slice(0, ACCESS_LOG_DAYS);
  return { days: page, older: more ? (page.at(-1)?.date ?? null) : null };
}

function mail(language: Language) {
  return language === 'en'
    ? {
        subject: (clinicName: string) => `${clinicName}: your privacy overview`,
        body: (link: string) =>
          `You asked for a link to see the data we hold about you.\n\n${link}\n\nThe link works for one hour. If you did not ask for it, you can ignore this e-mail.`,
      }
    : {
        subject: (clinicName: string) => `${clinicName}: je privacyoverzicht`,
        body: (link: string) =>
          `Je vroeg om een link om te zien welke gegevens wij van je bewaren.\n\n${link}\n\nDe link werkt één uur. Heb je hier niet om gevraagd, dan kun je deze e-mail negeren.`,
      };
}
