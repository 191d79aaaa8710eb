/**
 * Issue 7's operations 6 and 8.
 *
 * 8. A client's full export, as the client asks for it in the privacy portal: the link is requested
 *    through the app's own PrivacyPortal.requestLink (before the server starts; the token is read
 *    back from the outbox e-mail, the only place it exists) and the server then builds the zip
 *    (data.json with every photo and signature) and the PDF, one request at a time.
 * 6. The retention run (Retention.run, what the nightly job and `vellum retention run` call) over the
 *    seeded clinic, as of the day on which 10% of the clients are past their period: a dry run (only
 *    the list) and the real one (destroying them, their photos and keys).
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../src/app';
import { client, outboxEmail } from '../src/db/schema';
import { RETENTION } from '../src/modules/registers/retention-periods';
import { round } from './http-load';

const SYSTEM = { kind: 'system', name: 'bench' } as const;

/** A privacy-portal token for the client, made the way a client gets one: by e-mail. */
export async function portalToken(context: AppContext, clientId: string): Promise<string> {
  const [row] = await context.gate.act(SYSTEM, 'bench', (scope) =>
    scope.tx.select({ email: client.email }).from(client).where(eq(client.id, clientId)),
  );
  if (!row?.email) throw new Error('the showcase client has no e-mail address');
  await context.privacyPortal.requestLink(row.email, 'nl', 'bench', 'bench:portal-link');
  const [mail] = await context.gate.act(SYSTEM, 'bench', (scope) =>
    scope.tx
      .select({ body: outboxEmail.body })
      .from(outboxEmail)
      .where(and(eq(outboxEmail.clientId, clientId), eq(outboxEmail.kind, 'privacy_portal')))
      .orderBy(desc(outboxEmail.createdAt))
      .limit(1),
  );
  const token = /#token=([\w-]+)/.exec(mail?.body ?? '')?.[1];
  if (!token) throw new Error('no portal link in the outbox');
  return token;
}

export type ExportFigure = { runs: number; medianSeconds: number; maxSeconds: number; bytes: number };

/** Posts the export request `runs` times, one after another. */
export async function measureExport(
  appUrl: string,
  format: 'zip' | 'pdf',
  token: string,
  runs: number,
): Promise<ExportFigure> {
  const seconds: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const response = await fetch(`${appUrl}/api/public/privacy-portal/export.${format}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    const body = Buffer.from(await response.arrayBuffer());
    if (!response.ok)
      throw new Error(`export.${format}: ${response.status} ${body.toString().slice(0, 300)}`);
    seconds.push((performance.now() - started) / 1000);
    bytes = body.length;
  }
  seconds.sort((a, b) => a - b);
  return {
    runs,
    medianSeconds: round(seconds[Math.floor((seconds.length - 1) / 2)] ?? NaN, 2),
    maxSeconds: round(seconds.at(-1) ?? NaN, 2),
    bytes,
  };
}

export type RetentionFigure = {
  clients: number;
  asOf: string;
  due: number;
  dryRunSeconds: number;
  destroyed: number;
  seconds: number;
};

/**
 * The day on which 10% of the clients are due: the 10th percentile of "last treatment or
 * registration + RETENTION.dossierYears" (the seed's catalogue has no medical acts, whose 20 years
 * would count instead). Then Retention.run as of that day, dry and for real.
 */
export async function measureRetention(context: AppContext): Promise<RetentionFigure> {
  const [cut] = await context.gate.act(SYSTEM, 'bench', async (scope) => {
    const result = await scope.tx.execute(sql`
      select count(*)::int as clients, percentile_disc(0.1) within group (order by last) as last
      from (select coalesce((select max(t.performed_at) from treatment t where t.client_id = c.id),
                            c.created_at) as last
            from client c) as l`);
    return (result as unknown as { rows: { clients: number; last: string | Date }[] }).rows;
  });
  if (!cut) throw new Error('no clients');
  const asOf = new Date(cut.last);
  asOf.setUTCFullYear(asOf.getUTCFullYear() + RETENTION.dossierYears);
  const dry = await context.retention.run({ asOf, dryRun: true });
  const started = performance.now();
  const real = await context.retention.run({ asOf, dryRun: false });
  return {
    clients: cut.clients,
    asOf: asOf.toISOString(),
    due: dry.due,
    dryRunSeconds: dry.seconds,
    destroyed: real.destroyed,
    seconds: round((performance.now() - started) / 1000, 2),
  };
}
