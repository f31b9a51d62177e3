import { ZodError } from 'zod';
import { AppError, httpStatusOf } from '../errors';
import { refuseNul } from '../validate';
import { logger } from '../log/logger';

// The one place where errors become HTTP answers. Route handlers wrap their body in
// apiHandler(); anything that is not an AppError is logged and answered 500 without details.

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string; details?: Record<string, unknown> };
}

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    const body: ApiErrorBody = { error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}), ...(error.details ? { details: error.details } : {}) } };
    const headers: Record<string, string> = { 'cache-control': 'no-store' };
    if (error.code === 'unauthorized') headers['www-authenticate'] = 'Bearer realm="candor"';
    if (error.code === 'rate_limited' && typeof error.details?.retryAfterSeconds === 'number') headers['retry-after'] = String(error.details.retryAfterSeconds);
    return Response.json(body, { status: httpStatusOf[error.code], headers });
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.map(String).join('.') || 'body';
    return errorResponse(new AppError('validation', `${field}: ${issue?.message ?? 'invalid'}`, field));
  }
  if (isUniqueViolation(error)) return errorResponse(new AppError('conflict', 'a record with the same unique value already exists'));
  logger('http').error({ err: error }, 'unhandled API error');
  return Response.json({ error: { code: 'internal', message: 'internal error' } }, { status: 500, headers: { 'cache-control': 'no-store' } });
}

/** Prisma's unique-constraint failure (P2002), whichever adapter raised it. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

/**
 * The body as text, read no further than `maxBytes` (a second layer behind the custom server's
 * limit, lib/server/http/body-limit.ts, for callers that reach a handler some other way).
 */
async function readCapped(request: Request, maxBytes: number): Promise<string> {
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > maxBytes) throw new AppError('too_large', `request body over ${maxBytes} bytes`);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new AppError('too_large', `request body over ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a JSON body with a size cap: 400 for malformed JSON, 413 when too large. */
export async function readJson(request: Request, maxBytes = 1_000_000, { allowEmpty = false } = {}): Promise<unknown> {
  const text = await readCapped(request, maxBytes);
  if (text.trim() === '' && allowEmpty) return {};
  if (text.trim() === '') throw new AppError('bad_request', 'request body is empty; expected JSON');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError('bad_request', `malformed JSON: ${(error as Error).message}`);
  }
  refuseNul(parsed);
  return parsed;
}

/** Wraps a route handler so every failure is mapped once. */
export function apiHandler<A extends unknown[]>(fn: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
