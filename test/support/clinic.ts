import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type AppContext, type BuildOptions, buildApp, buildContext } from '../../src/app';
import type { Config } from '../../src/config';
import { SetupCode } from '../../src/modules/staff/setup-code';
import { FixedClock } from '../../src/platform/clock';
import type { S3Settings } from '../../src/platform/s3-storage';
import type { BlobStore } from '../../src/platform/storage';
import { timeStep, totpCode } from '../../src/platform/totp';
import { testConfig } from './app';
import { createTestDatabase, type TestDatabase } from './database';

export type Role = 'owner' | 'practitioner' | 'reception';

/** A signed-in staff member, with their session cookie and CSRF token, calling the real API. */
export type StaffMember = {
  id: string;
  name: string;
  email: string;
  password: string;
  role: Role;
  totpSecret: string;
  cookie: string;
  csrfToken: string;
  call(method: InjectOptions['method'], url: string, payload?: unknown): Promise<LightMyRequestResponse>;
};

export type TestClinic = {
  app: FastifyInstance;
  context: AppContext;
  database: TestDatabase;
  clock: FixedClock;
  owner: StaffMember;
  /** Invites, accepts and signs in a new staff member. */
  hire(
    role: Exclude<Role, 'owner'>,
    name?: string,
    options?: { locationIds?: string[] },
  ): Promise<StaffMember>;
  /** Registers a client as `by`; returns its id. */
  aClient(by: StaffMember, details?: Record<string, unknown>): Promise<string>;
  signIn(
    member: Pick<StaffMember, 'email' | 'password' | 'totpSecret'>,
  ): Promise<{ cookie: string; csrfToken: string }>;
  /** The owner, signed in again if the clock has moved past their session. */
  freshOwner(): Promise<StaffMember>;
  close(): Promise<void>;
};

export const OWNER_PASSWORD = 'lente-in-de-kliniek-2026';
let hires = 0;

export function cookieFrom(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  if (!first) throw new Error(`no cookie set (status ${response.statusCode}: ${response.body})`);
  return first.split(';')[0] ?? '';
}

/**
 * A clinic set up through the real services, with its owner signed in through the real API
 * (password, TOTP enrolment). Time stands still unless a test moves `clock`.
 */
export async function aClinic(
  start = '2026-11-25T09:00:00Z',
  /**
   * A database and settings of the test's own (a data folder on disk, keys beside it), and a
   * logger for tests that read the log.
   */
  own: {
    database?: TestDatabase;
    config?: Config;
    logger?: BuildOptions['logger'];
    /** Photos in this bucket instead of the data folder (test/support/object-store.ts). */
    s3?: S3Settings;
    /** A photo store of the test's own (one with short timeouts, one that fails). */
    photoStore?: BlobStore;
  } = {},
): Promise<TestClinic> {
  const clock = new FixedClock(start);
  const database = own.database ?? (await createTestDatabase());
  const config =
    own.config ??
    testConfig({
      dataDir: mkdtempSync(path.join(tmpdir(), 'vellum-clinic-')),
    });
  if (!own.config) {
    config.masterKeyFile = path.join(config.dataDir, 'master.key');
    config.auditAnchorFile = path.join(config.dataDir, 'audit-anchors.jsonl');
  }
  if (own.s3) config.s3 = own.s3;
  const setupCode = new SetupCode();
  const context = buildContext({ config, database, clock, setupCode, photoStore: own.photoStore });
  const app = await buildApp({
    config,
    database,
    clock,
    setupCode,
    context,
    logger: own.logger ?? false,
  });

  const { ownerId, totpSecret } = await context.auth.setup(
    {
      clinic: { name: 'Huidkliniek Noord', privacyEmail: 'privacy@huidkliniek-noord.nl' },
      owner: { name: 'Olga Eigenaar', email: 'olga@huidkliniek-noord.nl', password: OWNER_PASSWORD },
    },
    'test:setup',
  );

  const signIn = async (member: Pick<StaffMember, 'email' | 'password' | 'totpSecret'>) => {
    // Each TOTP code works once: step past the last one used.
    clock.advance(31_000);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: member.email, password: member.password },
    });
    if (login.statusCode !== 200) throw new Error(`sign-in failed: ${login.statusCode} ${login.body}`);
    const pending = cookieFrom(login);
    const code = totpCode(member.totpSecret, timeStep(clock.now()));
    const state = login.json().state as string;
    const second =
      state === 'enrol_second_factor'
        ? await app.inject({
            method: 'POST',
            url: '/api/auth/enrolment',
            headers: { cookie: pending, 'x-csrf-token': login.json().csrfToken },
            payload: { code },
          })
        : await app.inject({
            method: 'POST',
            url: '/api/auth/second-factor',
            headers: { cookie: pending, 'x-csrf-token': login.json().csrfToken },
            payload: { code },
          });
    if (second.statusCode !== 200)
      throw new Error(`second factor failed: ${second.statusCode} ${second.body}`);
    return { cookie: cookieFrom(second), csrfToken: second.json().csrfToken as string };
  };

  const member = (fields: Omit<StaffMember, 'call'>): StaffMember => {
    const self: StaffMember = {
      ...fields,
      call: (method, url, payload) =>
        app.inject({
          method,
          url,
          headers: { cookie: self.cookie, 'x-csrf-token': self.csrfToken },
          ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
        }),
    };
    return self;
  };

  const ownerFields = {
    id: ownerId,
    name: 'Olga Eigenaar',
    email: 'olga@huidkliniek-noord.nl',
    password: OWNER_PASSWORD,
    role: 'owner' as const,
    totpSecret,
  };
  const owner = member({ ...ownerFields, ...(await signIn(ownerFields)) });

  /** Tests move the clock by hours; sign the owner in again when their session has ended. */
  const freshOwner = async () => {
    if ((await owner.call('GET', '/api/auth/session')).statusCode === 401)
      Object.assign(owner, await signIn(owner));
    return owner;
  };

  /** A colleague through the real invitation; in a chain `locationIds` says where they work. */
  const hire = async (
    role: Exclude<Role, 'owner'>,
    name = `${role} ${++hires}`,
    options: { locationIds?: string[] } = {},
  ) => {
    await freshOwner();
    const email = `${name.toLowerCase().replaceAll(/[^a-z0-9]+/g, '.')}.${++hires}@huidkliniek-noord.nl`;
    const password = `zomer-zon-en-zee-${hires}-${role}`;
    const invited = await owner.call('POST', '/api/staff/invitations', { name, email, role, ...options });
    if (invited.statusCode !== 201) throw new Error(`invite failed: ${invited.body}`);
    const token = new URL(invited.json().link).hash.replace('#token=', '');
    const accepted = await app.inject({
      method: 'POST',
      url: '/api/invitations/accept',
      payload: { token, password },
    });
    if (accepted.statusCode !== 201) throw new Error(`accept failed: ${accepted.body}`);
    clock.advance(31_000);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    const pending = cookieFrom(login);
    const enrolment = await app.inject({
      method: 'GET',
      url: '/api/auth/enrolment',
      headers: { cookie: pending },
    });
    const totpSecret = enrolment.json().secret as string;
    const code = totpCode(totpSecret, timeStep(clock.now()));
    const confirmed = await app.inject({
      method: 'POST',
      url: '/api/auth/enrolment',
      headers: { cookie: pending, 'x-csrf-token': login.json().csrfToken },
      payload: { code },
    });
    if (confirmed.statusCode !== 200) throw new Error(`enrolment failed: ${confirmed.body}`);
    const team = await owner.call('GET', '/api/staff');
    const id = (team.json() as { id: string; email: string }[]).find((s) => s.email === email)?.id ?? '';
    return member({
      id,
      name,
      email,
      password,
      role,
      totpSecret,
      cookie: cookieFrom(confirmed),
      csrfToken: confirmed.json().csrfToken,
    });
  };

  const aClient = async (by: StaffMember, details: Record<string, unknown> = {}) => {
    if (by === owner) await freshOwner();
    const response = await by.call('POST', '/api/clients', {
      firstName: 'Anna',
      lastName: `de Vries ${++hires}`,
      email: `anna${hires}@example.nl`,
      birthDate: '1988-04-12',
      ...details,
    });
    if (response.statusCode !== 201) throw new Error(`client failed: ${response.body}`);
    return response.json().id as string;
  };

  return {
    app,
    context,
    database,
    clock,
    owner,
    hire,
    aClient,
    freshOwner,
    signIn,
    close: async () => {
      await app.close();
      await database.destroy();
      (context.photoStore as { close?: () => void }).close?.();
    },
  };
}
