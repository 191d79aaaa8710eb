// A small fetch wrapper for the Vellum API. Errors are RFC 9457 problem+json documents.

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
  return {
    type: typeof body.type === 'string' ? body.type : fallback.type,
    title: typeof body.title === 'string' ? body.title : fallback.title,
    status: typeof body.status === 'number' ? body.status : response.status,
    detail: typeof body.detail === 'string' ? body.detail : undefined,
    errors,
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

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const method = options.method ?? 'GET';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0 });
  }
  const body = await readBody(response);
  if (response.status === 401 && !options.expectUnauthorized) sessionEndedListener?.();
  if (!response.ok) throw new ApiError(toProblem(body, response));
  return body as T;
}

export const apiGet = <T>(path: string, signal?: AbortSignal) => apiRequest<T>(path, { signal });
export const apiPost = <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body });
export const apiPatch = <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PATCH', body });

/** For the sign-in steps, setup and invitations, where a 401 means "wrong password or code". */
export const apiPostSigningIn = <T>(path: string, body?: unknown) =>
  apiRequest<T>(path, { method: 'POST', body, expectUnauthorized: true });

/** Uploads files as multipart/form-data (the browser sets the content type and its boundary). */
export function apiPostForm<T>(path: string, form: FormData): Promise<T> {
  return sendForm<T>('POST', path, form);
}

/** Replaces an upload (a product photo) with a multipart/form-data PUT. */
export function apiPutForm<T>(path: string, form: FormData): Promise<T> {
  return sendForm<T>('PUT', path, form);
}

async function sendForm<T>(method: 'POST' | 'PUT', path: string, form: FormData): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: form, credentials: 'same-origin' });
  } catch {
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0 });
  }
  const body = await readBody(response);
  if (response.status === 401) sessionEndedListener?.();
  if (!response.ok) throw new ApiError(toProblem(body, response));
  return body as T;
}

/** A binary answer (a photo, a PDF) as a Blob, for an object URL: never a URL the browser caches. */
export async function apiGetBlob(path: string, signal?: AbortSignal): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', cache: 'no-store', signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0 });
  }
  if (response.status === 401) sessionEndedListener?.();
  if (!response.ok) throw new ApiError(toProblem(await readBody(response), response));
  return response.blob();
}
