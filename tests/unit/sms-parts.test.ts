import { describe, expect, it } from 'vitest';
import { smsPartRows, smsPartUpsertsSqlite } from '@/lib/jobs/sms-parts';

// The segment ids of a group of sent texts go into SQLite in multi-row statements of a few fixed
// shapes (lib/jobs/sms-parts.ts): every row once, in order, each statement's placeholders matched.

const rowsOf = (n: number): [string, number][] => Array.from({ length: n }, (_, i) => [`id${i}`, 1000 + Math.floor(i / 2)]);

describe('smsPartUpsertsSqlite', () => {
  it('writes every row exactly once, in order, whatever the count (0 to 100)', () => {
    for (let n = 0; n <= 100; n += 1) {
      const rows = rowsOf(n);
      const statements = smsPartUpsertsSqlite(rows);
      expect(statements.flatMap(([, params]) => params)).toEqual(rows.flat());
      for (const [sql, params] of statements) expect(sql.match(/\?/g)!.length).toBe(params.length);
      if (n === 0) expect(statements).toEqual([]);
    }
  });

  it('uses a handful of statement shapes, and few statements per group', () => {
    const shapes = new Set<string>();
    for (let n = 1; n <= 200; n += 1) for (const [sql] of smsPartUpsertsSqlite(rowsOf(n))) shapes.add(sql);
    expect(shapes.size).toBe(4);
    // A group of 16 two-segment texts (32 ids) is one statement; 90 ids are 32 + 32 + 8 + 8 + 8 + 2.
    expect(smsPartUpsertsSqlite(rowsOf(32))).toHaveLength(1);
    expect(smsPartUpsertsSqlite(rowsOf(90)).map(([, p]) => p.length / 2)).toEqual([32, 32, 8, 8, 8, 2]);
  });

  it('the rows it is given hold each id once, the newest delivery winning (a resend reuses an id)', () => {
    const rows = smsPartRows([
      { id: 1, status: 'sent', messageId: 'A b', smsParts: ['A', 'b'] },
      { id: 2, status: 'pending', nextAttemptAt: new Date(0), error: null, countAttempt: false },
      { id: 3, status: 'sent', messageId: 'a c', smsParts: ['a', 'c'] },
    ]);
    expect(rows).toEqual([
      ['b', 1],
      ['a', 3],
      ['c', 3],
    ]);
  });
});
