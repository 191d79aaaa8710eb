import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { aTestApp, type TestApp, testConfig } from '../test/support/app';

function aBuiltWebApp(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vellum-web-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html><head><meta name="csp-nonce" content="__CSP_NONCE__"></head><body></body></html>',
  );
  writeFileSync(path.join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
  return dir;
}

const logLines: string[] = [];
let t: TestApp;

beforeAll(async () => {
  t = await aTestApp({
    config: testConfig({ webDir: aBuiltWebApp(), instanceId: 'vellum-a' }),
    logger: { level: 'info', stream: { write: (line) => logLines.push(line) } },
  });
  // A route with a body schema, to see how invalid input is answered.
  const echo: FastifyPluginAsyncZod = async (app) => {
    app.post(
      '/api/test-echo',
      {
        config: { access: 'public' },
        schema: { body: z.object({ email: z.email(), birthDate: z.iso.date() }) },
      },
      async (request) => request.body,
    );
  };
  await t.app.register(echo);
});
afterAll(() => t.close());

describe('the HTTP server', () => {
  it('answers health with the kind of database and the version', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ok',
      database: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      photoStore: 'folder',
      photoStoreAnswers: true,
      instance: 'vellum-a',
    });
  });

  it('is ready when every migration of this build is applied, and answers 503 while one is pending', async () => {
    const ready = await t.app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      database: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite',
      instance: 'vellum-a',
    });
    // As if the database were an older copy (or another instance were still migrating it).
    const [newest] = await t.database.asOwner(
      'select id, hash, created_at::text as at from drizzle.__drizzle_migrations order by created_at desc limit 1',
    );
    await t.database.asOwner(`delete from drizzle.__drizzle_migrations where id = ${Number(newest?.id)}`);
    try {
      const pending = await t.app.inject({ method: 'GET', url: '/api/health/ready' });
      expect(pending.statusCode).toBe(503);
      expect(pending.json()).toMatchObject({ status: 503, detail: 'database migrations pending' });
      // Liveness does not depend on it: the instance runs, it only should not be sent requests.
      expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    } finally {
      await t.database.asOwner(
        `insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${Number(newest?.id)}, '${String(newest?.hash)}', ${String(newest?.at)})`,
      );
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/health/ready' })).statusCode).toBe(200);
  });

  it('answers an unknown API route with a 404 problem', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/test-echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().detail).toMatch(/not valid JSON/);
  });

  it('names every invalid field in the problem', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/test-echo',
      payload: { email: 'no-at-sign', birthDate: '31-12-1990' },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['birthDate', 'email']);
  });

  it('sends a strict Content-Security-Policy and never lets API answers be cached', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self'( 'nonce-[0-9a-f]+')?;/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('publishes an OpenAPI 3.1 document and a browsable reference', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/api/health');
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('serves the web app for page paths, with this response’s nonce filled in', async () => {
    for (const url of ['/', '/app', '/app/login', '/some/deep/page?x=1']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      const csp = String(response.headers['content-security-policy']);
      const nonce = /style-src [^;]*'nonce-([0-9a-f]+)'/.exec(csp)?.[1];
      expect(nonce).toBeTruthy();
      expect(response.body).toContain(`content="${nonce}"`);
      expect(response.body).not.toContain('__CSP_NONCE__');
    }
    const asset = await t.app.inject({ method: 'GET', url: '/assets/app-1234.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await t.app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
  });

  it('logs requests without query strings, headers, bodies or addresses', async () => {
    logLines.length = 0;
    await t.app.inject({
      method: 'POST',
      url: '/api/test-echo?email=anna%40example.nl',
      headers: { cookie: 'session=secret-token' },
      payload: { email: 'anna@example.nl', birthDate: '1990-12-31' },
    });
    const logged = logLines.join('\n');
    expect(logged).toContain('/api/test-echo');
    expect(logged).not.toContain('anna');
    expect(logged).not.toContain('secret-token');
    expect(logged).not.toContain('1990-12-31');
    expect(logged).not.toContain('127.0.0.1');
  });
});
