import type { ApiPaths, ApiSchemas } from './api-schema.gen';

/**
 * The API's types, taken from the server's OpenAPI document (`api-schema.gen.ts`, written by
 * `scripts/api-types.ts` at every type check) instead of copied by hand: a server change that
 * breaks a page fails `npm run typecheck`.
 */
export type { ApiPaths, ApiSchemas };

type Operation<P extends keyof ApiPaths, M extends keyof ApiPaths[P]> = ApiPaths[P][M];
type Success<R> = R extends { 200: infer T } ? T : R extends { 201: infer T } ? T : never;

/** What a route answers on success (200, else 201), as JSON. */
export type ApiResponse<P extends keyof ApiPaths, M extends keyof ApiPaths[P]> =
  Operation<P, M> extends { responses: infer R } ? Success<R> : never;

/** The JSON body a route takes. */
export type ApiBody<P extends keyof ApiPaths, M extends keyof ApiPaths[P]> =
  Operation<P, M> extends { body: infer B } ? B : never;

/** The query string a route takes. */
export type ApiQuery<P extends keyof ApiPaths, M extends keyof ApiPaths[P]> =
  Operation<P, M> extends { query: infer Q } ? Q : never;

/** One element of an array. */
export type Item<T> = T extends readonly (infer E)[] ? E : never;
