/**
 * Who comes to the seeded clinic and when: every client's details, their own practitioner, the
 * treatment they come for and the dates of their visits over the seeded years. Pure and seeded, so
 * the same seed plans the same clinic; the visits are then replayed in date order (visits.ts).
 */
import type { ClientInput } from '../modules/clients/client.service';
import { chance, DAY, MINUTE, type Random, seededId } from './random';

export type SeedWindow = { start: number; end: number };

export type PlannedClient = {
  id: string;
  person: Required<Omit<ClientInput, 'birthDate' | 'email' | 'phone'>> &
    Pick<ClientInput, 'birthDate' | 'email' | 'phone'>;
  /** Index of the practitioner who usually treats them. */
  practitioner: number;
  /** Index of the treatment type they usually come for. */
  treatmentType: number;
  registeredBy: 'practitioner' | 'reception';
  /** Start of each visit (epoch ms), ascending; the first visit registers them. */
  visits: number[];
  /** The benchmark's client: exactly SHOWCASE.treatments treatments, each with a before and after photo. */
  showcase: boolean;
};

export const SHOWCASE = { treatments: 50, photosPerTreatment: 2 };

/** For each treatment type, the indexes of the practitioners who perform it. */
export type TypePractitioners = number[][];

export function planClients(
  random: Random,
  count: number,
  window: SeedWindow,
  typePractitioners: TypePractitioners,
): PlannedClient[] {
  const clients: PlannedClient[] = [planShowcase(random, window, typePractitioners)];
  for (let i = 1; i < count; i++) clients.push(planClient(random, window, typePractitioners));
  return clients;
}

function planClient(random: Random, window: SeedWindow, typePractitioners: TypePractitioners): PlannedClient {
  const first = visitTime(random, window.start + random.number.int(window.end - window.start - DAY));
  const treatmentType = random.number.int(typePractitioners.length - 1);
  const visits = [first];
  const wanted = visitCount(random);
  while (visits.length < wanted) {
    const next = visitTime(random, (visits.at(-1) as number) + random.number.int({ min: 21, max: 70 }) * DAY);
    if (next >= window.end) break;
    visits.push(next);
  }
  return {
    id: seededId(random, first - 10 * MINUTE),
    person: person(random, first),
    practitioner: random.helpers.arrayElement(typePractitioners[treatmentType] as number[]),
    treatmentType,
    registeredBy: chance(random, 0.7) ? 'practitioner' : 'reception',
    visits,
    showcase: false,
  };
}

/** A regular since the clinic opened, with photos at every treatment, treated by practitioner 0. */
function planShowcase(
  random: Random,
  window: SeedWindow,
  typePractitioners: TypePractitioners,
): PlannedClient {
  // Not the first type (the classic facial, without device or photos): one with both, as before.
  const treatmentType = typePractitioners.findIndex((practitioners, i) => i > 0 && practitioners.includes(0));
  const spacing = Math.floor((window.end - window.start - 7 * DAY) / SHOWCASE.treatments);
  const visits = Array.from({ length: SHOWCASE.treatments }, (_, i) =>
    visitTime(random, window.start + DAY + i * spacing),
  );
  return {
    id: seededId(random, (visits[0] as number) - 10 * MINUTE),
    person: withEmail(random, person(random, visits[0] as number)),
    practitioner: 0,
    treatmentType,
    registeredBy: 'practitioner',
    visits,
    showcase: true,
  };
}

/** The showcase client always has an e-mail address: the benchmark exports their data by the portal link. */
function withEmail(random: Random, someone: PlannedClient['person']): PlannedClient['person'] {
  if (someone.email) return someone;
  const { firstName, lastName } = someone;
  return { ...someone, email: random.internet.email({ firstName, lastName }).toLowerCase() };
}

/** Most clients come once or a few times; a loyal tenth comes back for years. */
function visitCount(random: Random): number {
  const roll = random.number.float({ min: 0, max: 1 });
  if (roll < 0.3) return 1;
  if (roll < 0.6) return random.number.int({ min: 2, max: 3 });
  if (roll < 0.88) return random.number.int({ min: 4, max: 8 });
  return random.number.int({ min: 9, max: 16 });
}

/** A quarter-hour slot between 08:00 and 16:30 UTC on the given day, moved off Sundays. */
function visitTime(random: Random, around: number): number {
  let day = Math.floor(around / DAY) * DAY;
  if (new Date(day).getUTCDay() === 0) day += DAY;
  return day + 8 * 60 * MINUTE + random.number.int(34) * 15 * MINUTE;
}

function person(random: Random, firstVisit: number): PlannedClient['person'] {
  const sex = chance(random, 0.85) ? 'female' : 'male';
  const firstName = random.person.firstName(sex);
  const lastName = random.person.lastName();
  const birthDate = random.date.birthdate({ mode: 'age', min: 18, max: 78, refDate: firstVisit });
  return {
    firstName,
    lastName,
    birthDate: birthDate.toISOString().slice(0, 10),
    email: chance(random, 0.88) ? random.internet.email({ firstName, lastName }).toLowerCase() : null,
    phone: chance(random, 0.92) ? random.phone.number() : null,
    street: random.location.street(),
    houseNumber: random.location.buildingNumber(),
    postcode: random.location.zipCode(),
    city: random.location.city(),
    country: 'NL',
    preferredLanguage: chance(random, 0.95) ? 'nl' : 'en',
  };
}

/** Name fragments people type in the search box (first letters of a last or first name). */
export function searchFragments(random: Random, clients: PlannedClient[], count: number): string[] {
  return Array.from({ length: count }, () => {
    const { firstName, lastName } = random.helpers.arrayElement(clients).person;
    const name = chance(random, 0.7) ? lastName : firstName;
    return name.slice(0, random.number.int({ min: 3, max: 6 })).toLowerCase();
  });
}
