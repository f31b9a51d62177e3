// The benchmark's recipient addresses, the same in the database (SQL) and in the bare pool (JS).
// uniform: 1,000 equal domains. realistic: a third at one big provider, two more big ones (15 % and
// 10 %), and a long tail of 4,999 small domains for the remaining 42 %.

export type DomainMix = 'uniform' | 'realistic';

export const DOMAIN_MIXES: DomainMix[] = ['uniform', 'realistic'];

export function benchEmail(i: number, mix: DomainMix): string {
  if (mix === 'uniform') return `user${i}@d${i % 1000}.bench.example`;
  const p = i % 100;
  const domain = p < 33 ? 'big1.bench.example' : p < 48 ? 'big2.bench.example' : p < 58 ? 'big3.bench.example' : `t${i % 4999}.tail.bench.example`;
  return `user${i}@${domain}`;
}

/** The same address as SQL, over an integer column or series named `i`. */
export function benchEmailSql(mix: DomainMix): string {
  if (mix === 'uniform') return `'user' || i || '@d' || (i % 1000) || '.bench.example'`;
  return `'user' || i || '@' || CASE WHEN i % 100 < 33 THEN 'big1.bench.example' WHEN i % 100 < 48 THEN 'big2.bench.example' WHEN i % 100 < 58 THEN 'big3.bench.example' ELSE 't' || (i % 4999) || '.tail.bench.example' END`;
}
