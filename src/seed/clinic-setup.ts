/**
 * The seeded clinic's first days, through the app's own services (few rows, so no shortcut): first-run
 * setup (when the database has no clinic yet), the owner inviting practitioners and receptionists,
 * each accepting and enrolling a second factor, and the catalogue. Passwords are random and, with
 * the TOTP secrets, returned to the caller (the benchmark signs in with them).
 */
import type { AppContext } from '../app';
import { clinic, staff } from '../db/schema';
import type { Actor, StaffRole } from '../modules/access/actor';
import { resumeSession } from '../modules/staff/sessions';
import type { FixedClock } from '../platform/clock';
import { randomToken } from '../platform/crypto';
import { timeStep, totpCode } from '../platform/totp';
import { createCatalogue, type SeededCatalogue } from './catalogue';
import { MINUTE, type Random, requestOrigin } from './random';

export type SeededStaff = {
  id: string;
  name: string;
  email: string;
  role: StaffRole;
  /** Known for accounts the seed made; null for an owner that was there before. */
  password: string | null;
  totpSecret: string | null;
};

export type SeededClinic = {
  created: boolean;
  name: string;
  owner: SeededStaff;
  practitioners: SeededStaff[];
  receptionists: SeededStaff[];
  catalogue: SeededCatalogue;
};

export const TEAM = { practitioners: 10, receptionists: 2 };
const SEED_NETWORK = 'seed';

/** Sets up (or finds) the clinic, hires the team and fills the catalogue, moving `clock` as it goes. */
export async function setUpClinic(
  context: AppContext,
  clock: FixedClock,
  random: Random,
): Promise<SeededClinic> {
  const origin = () => requestOrigin(random);
  const existing = await findClinic(context);
  const city = random.location.city();
  const name = existing?.name ?? `Huidkliniek ${city}`;
  const domain = existing?.domain ?? `${asciiSlug(name, '-')}.nl`;
  const taken = new Set(existing?.emails ?? []);
  const owner = existing?.owner ?? (await createClinicAndOwner(context, clock, random, name, domain, taken));
  const ownerActor: Actor = { kind: 'staff', id: owner.id, role: 'owner' };
  const hire = async (role: 'practitioner' | 'reception') => {
    clock.advance(15 * MINUTE);
    return hireStaff(context, clock, random, ownerActor, role, domain, taken);
  };
  const practitioners: SeededStaff[] = [];
  for (let i = 0; i < TEAM.practitioners; i++) practitioners.push(await hire('practitioner'));
  const receptionists: SeededStaff[] = [];
  for (let i = 0; i < TEAM.receptionists; i++) receptionists.push(await hire('reception'));
  clock.advance(60 * MINUTE);
  const catalogue = await createCatalogue(
    context.catalogue,
    ownerActor,
    practitioners.map((p) => p.id),
    origin,
  );
  // The owner opens the intake templates once, which installs the shipped forms.
  await context.intake.templates.list(ownerActor, origin());
  return { created: !existing, name, owner, practitioners, receptionists, catalogue };
}

async function findClinic(context: AppContext) {
  return context.gate.act({ kind: 'system', name: 'seed' }, 'cli:seed', async (scope) => {
    const [row] = await scope.tx.select({ name: clinic.name }).from(clinic).limit(1);
    if (!row) return undefined;
    const team = await scope.tx.select().from(staff).orderBy(staff.createdAt);
    const first = team.find((member) => member.role === 'owner');
    if (!first) throw new Error('the clinic has no owner; run vellum setup first');
    const owner: SeededStaff = {
      id: first.id,
      name: first.name,
      email: first.email,
      role: 'owner',
      password: null,
      totpSecret: null,
    };
    const domain = first.email.split('@')[1] ?? 'kliniek.nl';
    return { name: row.name, owner, domain, emails: team.map((member) => member.email.toLowerCase()) };
  });
}

async function createClinicAndOwner(
  context: AppContext,
  clock: FixedClock,
  random: Random,
  name: string,
  domain: string,
  taken: Set<string>,
): Promise<SeededStaff> {
  const person = staffName(random);
  const email = uniqueEmail(person, domain, taken);
  const password = newPassword();
  const { ownerId, totpSecret } = await context.auth.setup(
    {
      clinic: {
        name,
        privacyEmail: `privacy@${domain}`,
        street: random.location.street(),
        houseNumber: random.location.buildingNumber(),
        postcode: random.location.zipCode(),
        city: random.location.city(),
      },
      owner: { name: person, email, password },
    },
    'cli:setup',
  );
  await enrolSecondFactor(context, clock, random, email, password);
  return { id: ownerId, name: person, email, role: 'owner', password, totpSecret };
}

/** Invite, accept, sign in, enrol the authenticator app, sign out: the path a new colleague takes. */
async function hireStaff(
  context: AppContext,
  clock: FixedClock,
  random: Random,
  owner: Actor,
  role: 'practitioner' | 'reception',
  domain: string,
  taken: Set<string>,
): Promise<SeededStaff> {
  const name = staffName(random);
  const email = uniqueEmail(name, domain, taken);
  const password = newPassword();
  const { link } = await context.team.invite(owner, { name, email, role }, requestOrigin(random));
  clock.advance(90 * MINUTE);
  const token = new URL(link).hash.replace('#token=', '');
  const { staffId } = await context.team.accept(token, password, requestOrigin(random));
  const totpSecret = await enrolSecondFactor(context, clock, random, email, password);
  return { id: staffId, name, email, role, password, totpSecret };
}

async function enrolSecondFactor(
  context: AppContext,
  clock: FixedClock,
  random: Random,
  email: string,
  password: string,
): Promise<string> {
  clock.advance(MINUTE);
  const pending = await context.auth.signIn(email, password, SEED_NETWORK, requestOrigin(random));
  const pendingSession = await sessionFor(context, pending.token, clock);
  const { secret } = await context.auth.enrolment(pendingSession);
  clock.advance(MINUTE);
  const code = totpCode(secret, timeStep(clock.now()));
  const signedIn = await context.auth.confirmEnrolment(
    pendingSession,
    code,
    SEED_NETWORK,
    requestOrigin(random),
  );
  clock.advance(MINUTE);
  await context.auth.signOut(await sessionFor(context, signedIn.token, clock), requestOrigin(random));
  return secret;
}

async function sessionFor(context: AppContext, token: string, clock: FixedClock) {
  const session = await resumeSession(context.database.db, token, clock.now());
  if (!session) throw new Error('the seed could not resume the session it just started');
  return session;
}

function uniqueEmail(name: string, domain: string, taken: Set<string>): string {
  const local = asciiSlug(name, '.');
  let email = `${local}@${domain}`;
  for (let n = 2; taken.has(email); n++) email = `${local}${n}@${domain}`;
  taken.add(email);
  return email;
}

/** 96 random bits: never a common password, never the account's name. */
function newPassword(): string {
  return `vellum-${randomToken(12)}`;
}

export function asciiSlug(text: string, separator: string): string {
  return text
    .normalize('NFD')
    .replaceAll(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replaceAll(/[^a-z0-9]+/g, separator)
    .replaceAll(new RegExp(`^\\${separator}+|\\${separator}+$`, 'g'), '');
}

/** A first and last name, without the titles (dhr., mevr.) faker's full names sometimes carry. */
function staffName(random: Random): string {
  return `${random.person.firstName()} ${random.person.lastName()}`;
}

export function staffActor(member: SeededStaff): Actor {
  return { kind: 'staff', id: member.id, role: member.role };
}
