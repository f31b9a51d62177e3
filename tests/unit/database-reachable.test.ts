import { describe, expect, it } from 'vitest';
import { isUnreachable } from '@/lib/server/runtime/database-reachable';

// Only a database that cannot be reached lets `candor start` serve the saved public page; one that
// answers with an error waiting will not fix must still stop it.

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isUnreachable', () => {
  it('is true for network failures, timeouts and a server not taking connections yet', () => {
    for (const code of ['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'ECONNRESET', '57P03', '57P01', '53300', '08006']) expect(isUnreachable(withCode(code)), code).toBe(true);
    expect(isUnreachable(new Error('timeout expired'))).toBe(true);
    expect(isUnreachable(new Error('Connection terminated due to connection timeout'))).toBe(true);
    expect(isUnreachable(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], ''))).toBe(true);
  });

  it('is false for answers that waiting will not change', () => {
    expect(isUnreachable(withCode('28P01', 'password authentication failed for user "candor"'))).toBe(false);
    expect(isUnreachable(withCode('3D000', 'database "candor" does not exist'))).toBe(false);
    expect(isUnreachable(withCode('42P01', 'relation "x" does not exist'))).toBe(false);
    expect(isUnreachable(new AggregateError([withCode('ECONNREFUSED'), withCode('28P01')], ''))).toBe(false);
    expect(isUnreachable(new Error('this database was migrated by a newer version of Candor'))).toBe(false);
    expect(isUnreachable(null)).toBe(false);
    expect(isUnreachable('ECONNREFUSED')).toBe(false);
  });
});
