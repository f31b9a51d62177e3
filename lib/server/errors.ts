/** Codes for every failure a caller can act on; mapped to HTTP once, in lib/server/http-errors.ts. */
export type AppErrorCode =
  | 'bad_request' // malformed input (e.g. JSON that does not parse)
  | 'unauthorized' // no valid credentials
  | 'forbidden' // credentials lack the role
  | 'not_found'
  | 'conflict' // optimistic-lock clash, unique clash
  | 'validation' // a field fails validation
  | 'too_large'
  | 'rate_limited'
  | 'unavailable';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** For validation errors: the field that is wrong, as a dotted path. */
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const httpStatusOf: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  validation: 422,
  rate_limited: 429,
  unavailable: 503,
};

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'your role does not allow this') => new AppError('forbidden', message);
export const conflict = (message: string) => new AppError('conflict', message);
export const validation = (field: string, message: string) => new AppError('validation', message, field);
