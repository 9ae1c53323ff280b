/**
 * The typed client of Weft's JSON API. Every request is same-origin and never cached
 * (DEV-1: sensitive responses must not linger in the HTTP cache) unless the caller says
 * the data identifies no one; every change carries the session's CSRF token. A 401
 * sends the app back to sign-in.
 */
import type { ErrorBody } from '../../core/schemas/common';

/** An answer other than 2xx, or no answer at all (status 0, code 'network'). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly requestId: string | undefined;

  constructor(status: number, code: string, message: string, field?: string, requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.requestId = requestId;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

export type Query = Record<string, string | number | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** The caller handles a 401 itself (sign-in, session probe) instead of leaving the app. */
  allowUnauthenticated?: boolean;
  /**
   * Only for data that identifies no one and that the server marks cacheable (boundaries,
   * with an ETag): lets the HTTP cache revalidate instead of downloading again.
   */
  cacheable?: boolean;
}

// Held in memory only, never in storage (DEV-1). Cleared on sign-out and quick exit.
let csrfToken: string | null = null;
let handleUnauthenticated: (() => void) | null = null;
let lastRequestAt = 0;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Registers what to do when the server says the session is gone (401). */
export function onUnauthenticated(handler: (() => void) | null): void {
  handleUnauthenticated = handler;
}

/** When the server last heard from this tab (ms since the epoch): used to keep an active session alive. */
export const lastServerContact = (): number => lastRequestAt;

function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

// Codes meaning "what you typed is wrong", not "your session is gone", even with a 401.
const WRONG_INPUT = /^auth\.invalid/;

async function readError(response: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | null = null;
  try {
    body = (await response.json()) as Partial<ErrorBody>;
  } catch {
    body = null;
  }
  const error = body?.error;
  return new ApiError(
    response.status,
    error?.code ?? `http_${response.status}`,
    error?.message ?? response.statusText,
    error?.field,
    error?.requestId ?? response.headers.get('x-request-id') ?? undefined,
  );
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const hasBody = options.body !== undefined;
  // Fastify refuses an empty body declared as JSON, so the type is only sent with a body.
  if (hasBody) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body: hasBody ? JSON.stringify(options.body) : null,
      credentials: 'same-origin',
      cache: options.cacheable ? 'no-cache' : 'no-store',
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'network');
  }
  lastRequestAt = Date.now();
  if (!response.ok) {
    const error = await readError(response);
    if (error.status === 401 && !options.allowUnauthenticated && !WRONG_INPUT.test(error.code)) {
      handleUnauthenticated?.();
    }
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(response.status, 'bad_response', 'bad_response');
  }
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T = void>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, { ...options, body }),
  patch: <T = void>(path: string, body: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, { ...options, body }),
  put: <T = void>(path: string, body: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
  delete: <T = void>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('DELETE', path, options),
};
