import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem } from './problem';

const NONCE_PLACEHOLDER = '__CSP_NONCE__';

/**
 * Serves the built React app (web/dist): hashed assets with long caching, and index.html for every
 * other page path so the client-side router can take over. index.html is sent with this response's
 * CSP nonce filled in. Unknown /api paths stay problem+json 404s.
 */
export async function registerWebApp(app: FastifyInstance, webDir: string): Promise<void> {
  const indexFile = path.join(webDir, 'index.html');
  const indexHtml = existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : undefined;

  if (indexHtml) {
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      index: false,
      wildcard: true,
      allowedPath: (pathName) => pathName !== '/index.html',
      // @fastify/static 10 passes the Fastify reply here, not a raw response.
      setHeaders: (reply: FastifyReply, filePath: string) => {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    // The static handler would answer the root folder itself with 403.
    app.get('/', { schema: { hide: true } }, (_request, reply) => sendIndex(reply, indexHtml));
  }

  app.setNotFoundHandler((request, reply) => {
    if (isPageRequest(request) && indexHtml) return sendIndex(reply, indexHtml);
    if (isPageRequest(request)) {
      return sendProblem(reply, problem(404, 'the web app is not built; run `npm run build`'));
    }
    return sendProblem(reply, problem(404, `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}

function isPageRequest(request: FastifyRequest): boolean {
  const pathName = request.url.split('?')[0] ?? '/';
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    !pathName.startsWith('/api/') &&
    pathName !== '/api' &&
    !path.extname(pathName)
  );
}

function sendIndex(reply: FastifyReply, indexHtml: string): FastifyReply {
  const nonce = reply.cspNonce?.style ?? '';
  return reply
    .code(200)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-cache')
    .send(indexHtml.replaceAll(NONCE_PLACEHOLDER, nonce));
}
