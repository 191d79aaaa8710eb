import { randomInt } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClinic, type TestClinic } from '../../test/support/clinic';
import { buildApp, trustedHops } from '../app';
import { ConfigError, loadConfig } from '../config';

const randomAddress = () => `${randomInt(1, 224)}.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

describe('VELLUM_TRUST_PROXY', () => {
  it('is false, true (one proxy) or a number of proxies', () => {
    expect(loadConfig({}).trustedProxyHops).toBe(0);
    expect(loadConfig({ VELLUM_TRUST_PROXY: 'false' }).trustedProxyHops).toBe(0);
    expect(loadConfig({ VELLUM_TRUST_PROXY: 'true' }).trustedProxyHops).toBe(1);
    expect(loadConfig({ VELLUM_TRUST_PROXY: '2' }).trustedProxyHops).toBe(2);
    for (const bad of ['0', '-1', 'yes', '10.0.0.0/8', '1.5']) {
      expect(() => loadConfig({ VELLUM_TRUST_PROXY: bad }), bad).toThrow(ConfigError);
    }
  });

  it('believes only the configured hops of X-Forwarded-For, counted from the right', async () => {
    const ipWith = async (hops: number, forwardedFor: string) => {
      const app = Fastify({ trustProxy: trustedHops(hops) });
      app.get('/ip', async (request) => ({ ip: request.ip }));
      const response = await app.inject({
        url: '/ip',
        remoteAddress: '10.0.0.1',
        headers: { 'x-forwarded-for': forwardedFor },
      });
      await app.close();
      return response.json().ip as string;
    };
    expect(await ipWith(0, '198.51.100.9, 203.0.113.7')).toBe('10.0.0.1');
    expect(await ipWith(1, '198.51.100.9, 203.0.113.7')).toBe('203.0.113.7');
    expect(await ipWith(2, '198.51.100.9, 203.0.113.7, 10.0.0.2')).toBe('203.0.113.7');
    // Fewer entries than hops: the left-most there is.
    expect(await ipWith(3, '203.0.113.7')).toBe('203.0.113.7');
  });
});

describe('behind one proxy', () => {
  let clinic: TestClinic;
  let app: FastifyInstance;
  beforeAll(async () => {
    clinic = await aClinic();
    app = await buildApp({
      config: { ...clinic.context.config, trustedProxyHops: 1 },
      database: clinic.database,
      clock: clinic.clock,
      context: clinic.context,
      logger: false,
    });
  });
  afterAll(async () => {
    await app.close();
    await clinic.close();
  });

  const viaProxy = (url: string, payload: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url,
      payload,
      remoteAddress: '10.0.0.1',
      headers: { 'x-forwarded-for': `${randomAddress()}, 203.0.113.7` },
    });

  it('a client rotating the left of X-Forwarded-For still counts as one address at sign-in', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 25; attempt++) {
      // A new account each time, so only the address's count can stop them.
      const response = await viaProxy('/api/auth/login', {
        email: `gok-${attempt}@example.nl`,
        password: 'wat-dan-ook-123',
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(21)).toEqual(Array(4).fill(429));
  });

  it('… and at a public form', async () => {
    const statement = (await app.inject({ method: 'GET', url: '/api/public/privacy-statement' })).json();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const response = await viaProxy('/api/public/contact-requests', {
        name: 'Iris Vraag',
        email: 'iris@example.nl',
        message: 'Kan ik een peeling krijgen als ik zwanger ben?',
        language: 'nl',
        statementVersion: statement.version,
        consent: true,
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual(Array(5).fill(201));
    expect(statuses.slice(6)).toEqual([429, 429]);
  });
});
