/**
 * The in-process measurements (tinybench): the services without HTTP (search, dossier, free times),
 * the photo pipeline alone and
 * `audit verify` over the whole seeded trail — the same verifyAuditChain the CLI runs.
 */
import { Bench } from 'tinybench';
import type { AppContext } from '../src/app';
import type { Actor } from '../src/modules/access/actor';
import { verifyAuditChain } from '../src/modules/audit/verify';
import { processPhoto } from '../src/modules/photos/image';
import type { SeedResult } from '../src/seed/seed';
import { round } from './http-load';

export type InProcessFigure = { name: string; p50: number; p95: number; p99: number; opsPerSecond: number };

export async function measureServices(
  context: AppContext,
  seeded: SeedResult,
  photo: Buffer,
  budget: { milliseconds: number; photoIterations: number },
): Promise<InProcessFigure[]> {
  const practitioner: Actor = { kind: 'staff', id: seeded.showcase.practitionerId, role: 'practitioner' };
  const reception = seeded.staff.find((s) => s.role === 'reception');
  if (!reception) throw new Error('the seed made no receptionist');
  const receptionActor: Actor = { kind: 'staff', id: reception.id, role: 'reception' };
  const owner = seeded.staff.find((s) => s.role === 'owner');
  if (!owner) throw new Error('the seed made no owner');
  const ownerActor: Actor = { kind: 'staff', id: owner.id, role: 'owner' };
  let next = 0;
  const fragment = () => seeded.searchFragments[next++ % seeded.searchFragments.length] as string;

  const services = new Bench({ time: budget.milliseconds, warmupTime: 250, retainSamples: true });
  services
    .add('search by name (service)', () => context.clients.search(receptionActor, fragment(), 'bench'))
    .add('open showcase dossier (service)', () =>
      context.dossier.open(practitioner, seeded.showcase.clientId, 'bench'),
    )
    .add('free times, one week, 10 practitioners (service)', () =>
      context.booking.slots(
        seeded.agenda.everyonesTreatmentId,
        null,
        seeded.agenda.from,
        weekFrom(seeded.agenda.from),
      ),
    )
    .add(FREE_TIMES_60_DAYS, () =>
      context.booking.slots(seeded.agenda.everyonesTreatmentId, null, seeded.agenda.from, seeded.agenda.to),
    )
    // The owner's charts (issue 14): every figure of the insights page, 12 weeks, then 12 months.
    .add("owner's charts, per week (service)", () => context.insights.report(ownerActor, 'weeks', 'bench'))
    .add("owner's charts, per month (service)", () => context.insights.report(ownerActor, 'months', 'bench'));
  const photos = new Bench({ time: 0, iterations: budget.photoIterations, warmup: false });
  photos.add('12 MP photo to display size and thumbnail', () => processPhoto(photo, 'before'));
  await services.run();
  await photos.run();
  return [...services.tasks, ...photos.tasks].map((task) => {
    const result = task.result;
    if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`);
    return {
      name: task.name,
      p50: round(result.latency.p50, 2),
      p95: round(percentile(result.latency.samples ?? [], 95), 2),
      p99: round(result.latency.p99, 2),
      opsPerSecond: round(1000 / result.latency.mean, 1),
    };
  });
}

/** The 60-day free times, in-process: the HTTP answer covers at most 14 days (issue 16). */
export const FREE_TIMES_60_DAYS = 'free times, 60 days, 10 practitioners (service)';

function weekFrom(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Walks the whole chain `iterations` times; reports the median pass. */
export async function measureAuditVerify(context: AppContext, iterations: number) {
  let entries = 0;
  const bench = new Bench({ time: 0, iterations, warmup: false });
  bench.add('audit verify', async () => {
    const result = await verifyAuditChain(context.database.db);
    if (!result.ok) throw new Error(`the audit trail is broken: ${result.problem}`);
    entries = result.entries;
  });
  await bench.run();
  const result = bench.tasks[0]?.result;
  if (result?.state !== 'completed') throw new Error(`audit verify: ${result?.state}`);
  const seconds = result.latency.p50 / 1000;
  return { entries, entriesPerSecond: Math.round(entries / seconds), seconds: round(seconds, 2) };
}
