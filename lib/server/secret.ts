import { randomToken } from './crypto';
import { db } from './db';
import { isUniqueViolation } from './api/respond';

// The instance secret: one random value per installation, kept in SystemState so every process
// and every restart signs with the same key. Created on first use; a concurrent creator loses
// the insert race and reads the winner's value.

const KEY = 'secret';
const g = globalThis as unknown as { __candorSecret?: string };

export async function instanceSecret(): Promise<string> {
  if (g.__candorSecret) return g.__candorSecret;
  const found = await db().systemState.findUnique({ where: { key: KEY } });
  if (found) return (g.__candorSecret = found.value);
  try {
    await db().systemState.create({ data: { key: KEY, value: randomToken(48) } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const row = await db().systemState.findUniqueOrThrow({ where: { key: KEY } });
  return (g.__candorSecret = row.value);
}

/** Forgets the cached secret (tests switch databases). */
export function forgetInstanceSecret(): void {
  g.__candorSecret = undefined;
}
