// The one fetch wrapper for the Vellum API: JSON, forms and files go through `send`. Errors are RFC
// 9457 problem+json documents; an ApiError keeps the problem's extra members (a booking's 409 carries
// `nextFreeTimes`).

export interface ProblemFieldError {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: ProblemFieldError[];
  /** Members beyond the standard ones, as the server sent them (e.g. `nextFreeTimes`). */
  extra?: Record<string, unknown>;
}

/** status 0 means the server could not be reached at all. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  fieldError(field: string): string | undefined {
    return this.problem.errors?.find((error) => error.field === field)?.message;
  }
}

export interface HealthResponse {
  status: 'ok';
  database: 'pglite' | 'postgres';
  version: string;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** A 401 is an expected answer here (a wrong password, no session yet): do not end the session. */
  expectUnauthorized?: boolean;
}

// The CSRF token lives in memory only (never in browser storage); after a reload it comes back
// from GET /api/auth/session. Every state-changing request carries it.
let csrfToken: string | undefined;

export function rememberCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

// While a staff member is signed in, a 401 means the session has ended (idle, expired, signed out
// elsewhere, account disabled); the staff area listens for it.
let sessionEndedListener: (() => void) | undefined;

export function onSessionEnded(listener: () => void): () => void {
  sessionEndedListener = listener;
  return () => {
    if (sessionEndedListener === listener) sessionEndedListener = undefined;
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

const STANDARD_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance', 'errors']);

function toProblem(body: unknown, response: Response): Problem {
  const fallback: Problem = {
    type: 'about:blank',
    title: response.statusText || 'Error',
    status: response.status,
  };
  if (!isObject(body)) return fallback;
  const errors = Array.isArray(body.errors)
    ? body.errors
        .filter(isObject)
        .map((error) => ({ field: String(error.field ?? ''), message: String(error.message ?? '') }))
    : undefined;
  const extra = Object.fromEntries(Object.entries(body).filter(([key]) => !STANDARD_MEMBERS.has(key)));
  return {
    type: typeof body.type === 'string' ? body.type : fallback.type,
    title: typeof body.title === 'string' ? body.title : fallback.title,
    status: typeof body.status === 'number' ? body.status : response.status,
    detail: typeof body.detail === 'string' ? body.detail : undefined,
    errors,
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}

async function readBody(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

interface SendOptions extends RequestOptions {
  /** A JSON body, or a form to upload as multipart/form-data (the browser sets its boundary). */
  form?: FormData;
  /** What the caller wants back: JSON (the default) or the raw answer for a file. */
  accept?: 'json' | 'file';
}

/**
 * The one request function: the CSRF token on every state-changing request, same-origin cookies, a
 * 401 ends the staff session (unless expected), and every failure becomes an ApiError — status 0
 * when the server could not be reached.
 */
async function send(path: string, options: SendOptions): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    accept: options.accept === 'file' ? '*/*' : 'application/json, application/problem+json',
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      credentials: 'same-origin',
      // Files (photos, exports) are never kept in the browser's cache.
      cache: options.accept === 'file' ? 'no-store' : 'default',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0 });
  }
  if (response.status === 401 && !options.expectUnauthorized) sessionEndedListener?.();
  if (!response.ok) throw new ApiError(toProblem(await readBody(response), response));
  return response;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await readBody(await send(path, options))) as T;
}

export const apiGet = <T>(path: string, signal?: AbortSignal) => apiRequest<T>(path, { signal });
export const apiPost = <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body });
export const apiPatch = <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PATCH', body });

/** For the sign-in steps, setup and invitations, where a 401 means "wrong password or code". */
export const apiPostSigningIn = <T>(path: string, body?: unknown) =>
  apiRequest<T>(path, { method: 'POST', body, expectUnauthorized: true });

/** Uploads files as multipart/form-data. */
export async function apiPostForm<T>(path: string, form: FormData): Promise<T> {
  return (await readBody(await send(path, { method: 'POST', form }))) as T;
}

/** Replaces an upload (a product photo) with a multipart/form-data PUT. */
export async function apiPutForm<T>(path: string, form: FormData): Promise<T> {
  return (await readBody(await send(path, { method: 'PUT', form }))) as T;
}

/** A binary answer (a photo, a PDF) as a Blob, for an object URL: never a URL the browser caches. */
export async function apiGetBlob(path: string, signal?: AbortSignal): Promise<Blob> {
  return (await send(path, { accept: 'file', signal })).blob();
}

/**
 * A file answered to a POST (the privacy portal's export: its token travels in the body, never in an
 * address a history, proxy or log could keep). A 401 there is the portal's, not a staff session's.
 */
export async function apiPostForBlob(path: string, body: unknown): Promise<Blob> {
  return (await send(path, { method: 'POST', body, accept: 'file', expectUnauthorized: true })).blob();
}

/** A file with the name the server gives it in Content-Disposition (or the fallback). */
export async function apiGetFile(path: string, fallbackName: string): Promise<{ blob: Blob; name: string }> {
  const response = await send(path, { accept: 'file' });
  const disposition = response.headers.get('content-disposition') ?? '';
  return { blob: await response.blob(), name: /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName };
}
