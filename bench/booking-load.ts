/**
 * Online booking under concurrent load (issue 7, operation 4). Every booking needs a time that is
 * still free, so this is not an autocannon run over one URL: the free times are read first from the
 * app's own public slots endpoint, one per practitioner and time so that no two bookings collide,
 * and then `concurrency` visitors post them back to back, each a new person. Each request comes from
 * its own network address (X-Forwarded-For, honoured because the benchmark server runs with
 * VELLUM_TRUST_PROXY=true), as a busy evening's visitors would: the public forms' per-address
 * throttle (20 bookings, then backing off) stays as it is and is not what is measured.
 *
 * The reference books the same way through a bare route (bench/reference-app.ts, raw INSERTs in
 * one transaction, no gate, audit, key, consent wording or e-mail), into the empty days after the
 * seeded agenda so that both runs find their times free.
 */
import { round } from './http-load';

export type BookingBody = {
  treatmentTypeId: string;
  practitionerId: string;
  startsAt: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  language: 'nl' | 'en';
  statementVersion: number;
  consent: true;
};

export type BookingResult = {
  attempted: number;
  booked: number;
  /** 409: the time was taken (should not happen: every time is different). */
  refused: number;
  errors: number;
  concurrency: number;
  seconds: number;
  bookingsPerSecond: number;
  p50: number;
  p95: number;
  firstError?: string;
};

type Free = { startsAt: string; practitionerId: string; treatmentTypeId: string };

/** Free times of the 30-minute treatments, at most one booking per practitioner and half hour. */
export async function freeTimesToBook(
  appUrl: string,
  treatmentTypeIds: string[],
  range: { from: string; to: string },
  count: number,
): Promise<Free[]> {
  const all: Free[] = [];
  const day = (date: string, days: number) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  for (const treatmentTypeId of treatmentTypeIds) {
    // Two weeks at a time: the most one request may ask (issue 16).
    for (let from = range.from; from <= range.to; from = day(from, 14)) {
      const last = [day(from, 13), range.to].sort()[0] ?? range.to;
      const query = new URLSearchParams({ treatmentTypeId, from, to: last });
      const response = await fetch(`${appUrl}/api/public/booking/slots?${query}`);
      if (!response.ok) throw new Error(`slots: ${response.status} ${await response.text()}`);
      const slots = (await response.json()) as { startsAt: string; practitionerId: string }[];
      for (const slot of slots) all.push({ ...slot, treatmentTypeId });
    }
  }
  all.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const takenUntil = new Map<string, number>();
  const picked: Free[] = [];
  for (const slot of all) {
    const start = Date.parse(slot.startsAt);
    if (start < (takenUntil.get(slot.practitionerId) ?? 0)) continue;
    takenUntil.set(slot.practitionerId, start + 30 * 60_000);
    picked.push(slot);
    if (picked.length === count) break;
  }
  return picked;
}

/** Times on the empty days after the agenda, for the reference: 08:00–21:00 UTC, every half hour. */
export function referenceTimes(
  practitionerIds: string[],
  treatmentTypeId: string,
  firstDay: string,
  count: number,
): Free[] {
  const times: Free[] = [];
  const day0 = Date.parse(`${firstDay}T08:00:00Z`);
  for (let day = 0; times.length < count; day++) {
    for (let half = 0; half < 26 && times.length < count; half++) {
      for (const practitionerId of practitionerIds) {
        if (times.length === count) break;
        const startsAt = new Date(day0 + day * 86_400_000 + half * 30 * 60_000).toISOString();
        times.push({ startsAt, practitionerId, treatmentTypeId });
      }
    }
  }
  return times;
}

export function bookingBodies(times: Free[], statementVersion: number, label: string): BookingBody[] {
  return times.map((time, n) => ({
    ...time,
    firstName: 'Bench',
    lastName: `${label} ${n + 1}`,
    email: `bench.${label}.${n + 1}@example.nl`,
    phone: `06${String(10_000_000 + n).slice(-8)}`,
    language: 'nl',
    statementVersion,
    consent: true,
  }));
}

let address = 0;
/** A different network address for every request (10.0.0.1, 10.0.0.2, …). */
function nextAddress(): string {
  address += 1;
  return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
}

/**
 * Posts every body once, `concurrency` at a time, each from a new address; 201s per second over the
 * whole run (a 409 is counted as refused). Any JSON body: the webshop's checkout (shop-load.ts) uses
 * it too.
 */
export async function measureBookings<Body extends object = BookingBody>(
  url: string,
  bodies: Body[],
  concurrency: number,
): Promise<BookingResult> {
  const times: number[] = [];
  let refused = 0;
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let body = bodies[next++]; body; body = bodies[next++]) {
        const sent = performance.now();
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': nextAddress() },
          body: JSON.stringify(body),
        });
        const text = await response.text();
        if (response.status === 201) times.push(performance.now() - sent);
        else if (response.status === 409) refused += 1;
        else {
          errors += 1;
          firstError ??= `${response.status} ${text.slice(0, 300)}`;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const at = (p: number) =>
    round(times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)] ?? NaN, 1);
  return {
    attempted: bodies.length,
    booked: times.length,
    refused,
    errors,
    concurrency,
    seconds: round(seconds, 2),
    bookingsPerSecond: round(times.length / seconds, 1),
    p50: at(0.5),
    p95: at(0.95),
    ...(firstError ? { firstError } : {}),
  };
}
