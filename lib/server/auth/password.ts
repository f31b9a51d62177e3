import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { runArgon2 } from './argon2-queue';

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).
const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** `lane` groups work for the fair queue (the client address); see argon2-queue.ts. */
export function hashPassword(password: string, lane = 'local'): Promise<string> {
  return runArgon2('hash', lane, () => hash(password, options));
}

export async function verifyPassword(passwordHash: string, password: string, lane = 'local'): Promise<boolean> {
  return runArgon2('verify', lane, async () => {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  });
}

/** A one-time password that is easy to type: four groups of five from an unambiguous alphabet. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}
