import { sql } from 'drizzle-orm';
import { isLive, type Progress, STALE_PROGRESS_MS, throttledProgress } from '../../platform/progress';
import type { Actor } from '../access/actor';
import type { AccessGate } from '../access/gate';

/** Reading the dossier and forms, then the photos one by one, then packing the zip or PDF. */
export type ExportStep = 'dossier' | 'photos' | 'packing';

export type ExportRunning = Progress<ExportStep> & { startedAt: Date; updatedAt: Date };

/** Whom a progress record belongs to: the client themselves (portal) or one staff member. */
function holderOf(actor: Actor): { clientId: string | null; staffId: string | null } {
  if (actor.kind === 'client') return { clientId: actor.clientId, staffId: null };
  if (actor.kind === 'staff') return { clientId: null, staffId: actor.id };
  throw new Error(`an export's progress belongs to a client or a staff member, not ${actor.kind}`);
}

/**
 * A data export's progress (migration 0061), so the page that asked can show how far it is while
 * the download is being made, through whichever instance its polls reach. The page picks the id at
 * random and sends it with the export request; the record is bound to the one who asked (row-level
 * security: only that client, or that staff member, reads or writes it) and holds counts only. It is
 * removed when the export is done; one a crash left is not live after two minutes and is cleared the
 * next time the same person exports.
 *
 * The export itself keeps its own gate checks and audit entries; this only says how far it is.
 */
export function exportProgressWriter(gate: AccessGate, actor: Actor, id: string, origin: string) {
  const holder = holderOf(actor);
  let startedAt: string | undefined;
  const writer = throttledProgress<ExportStep>((progress) =>
    gate.act(actor, origin, async (scope) => {
      const now = scope.now.toISOString();
      if (!startedAt) {
        startedAt = now;
        await scope.tx.execute(sql`
          delete from export_progress
          where updated_at < ${now}::timestamptz - make_interval(secs => ${STALE_PROGRESS_MS / 1000})`);
      }
      await scope.tx.execute(sql`
        insert into export_progress (id, client_id, staff_id, step, done, total, started_at, updated_at)
        values (${id}::uuid, ${holder.clientId}::uuid, ${holder.staffId}::uuid, ${progress.step},
                ${progress.done}, ${progress.total}, ${startedAt}::timestamptz, ${now}::timestamptz)
        on conflict (id) do update set step = excluded.step, done = excluded.done, total = excluded.total,
          updated_at = excluded.updated_at`);
    }),
  );
  return {
    report: (progress: Progress<ExportStep>) => writer.report(progress),
    /** Removes the record: the export is done (or failed), the page has its answer. */
    async end(): Promise<void> {
      await writer.settle();
      if (!startedAt) return;
      await gate
        .act(actor, origin, async (scope) => {
          await scope.tx.execute(sql`delete from export_progress where id = ${id}::uuid`);
        })
        .catch(() => {});
    },
  };
}

export type ExportProgressWriter = ReturnType<typeof exportProgressWriter>;

/** The export `id` of this actor being made now, or null (not started, done, or interrupted). */
export async function readExportProgress(
  gate: AccessGate,
  actor: Actor,
  id: string,
  origin: string,
): Promise<ExportRunning | null> {
  return gate.act(actor, origin, async (scope) => {
    const result = await scope.tx.execute(sql`
      select step, done, total, started_at, updated_at from export_progress where id = ${id}::uuid`);
    const [row] = (
      result as unknown as {
        rows: {
          step: ExportStep;
          done: number;
          total: number;
          started_at: string | Date;
          updated_at: string | Date;
        }[];
      }
    ).rows;
    if (!row || !isLive(new Date(row.updated_at), scope.now)) return null;
    return {
      step: row.step,
      done: row.done,
      total: row.total,
      startedAt: new Date(row.started_at),
      updatedAt: new Date(row.updated_at),
    };
  });
}
