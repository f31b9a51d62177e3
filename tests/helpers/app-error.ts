import { expect } from 'vitest';
import { AppError } from '@/lib/server/errors';

/** The AppError a promise rejects with (the test fails if it resolves or rejects with anything else). */
export async function failure(p: Promise<unknown>): Promise<AppError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** As failure(), and checks the code and, when given, the field. */
export async function expectAppError(p: Promise<unknown>, code: AppError['code'], field?: string): Promise<AppError> {
  const error = await failure(p);
  expect(error.code).toBe(code);
  if (field) expect(error.field).toBe(field);
  return error;
}
