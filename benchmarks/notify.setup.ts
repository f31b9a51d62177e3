// What bench:notify and bench:notify-db share: a fresh PostgreSQL database named for the run, and
// the scenario (two carriers, one incident) with N confirmed subscribers, a third of them Telstra-only.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import type { Db } from '@/lib/server/db';
import { benchEmailSql, type DomainMix } from './notify.domains';

/** A database URL beside the admin URL (local PostgreSQL only), set as DATABASE_URL with the bench's PUBLIC_URL. */
export function benchDatabase(adminUrl: string, prefix: string): { dbName: string; url: URL } {
  const admin = new URL(adminUrl);
  if (!['127.0.0.1', 'localhost', '::1'].includes(admin.hostname)) throw new Error('the benchmark runs against a local PostgreSQL only');
  const dbName = `${prefix}_${randomBytes(4).toString('hex')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  process.env.DATABASE_URL = url.toString();
  process.env.PUBLIC_URL = 'https://status.example.net';
  return { dbName, url };
}

export async function seedBench(db: Db, query: (sql: string, params?: unknown[]) => Promise<unknown>, n: number, mix: DomainMix) {
  const tm = await db.region.create({ data: { slug: 'tmobile-us', name: 'United States', carrier: 'T-Mobile', product: 'Sidekick', market: 'US', timeZone: 'America/Los_Angeles', position: 0 } });
  const tel = await db.region.create({ data: { slug: 'telstra-au', name: 'Australia', carrier: 'Telstra', product: 'Hiptop', market: 'AU', timeZone: 'Australia/Sydney', locale: 'en-AU', position: 1 } });
  const contacts = await db.component.create({ data: { slug: 'contacts', name: 'Contacts' } });
  const incident = await db.incident.create({
    data: { title: 'Personal data unavailable', kind: 'outage', impacts: { create: [{ componentId: contacts.id, regionId: tm.id, dataState: 'at_risk' }, { componentId: contacts.id, regionId: tel.id, dataState: 'at_risk' }] } },
  });
  for (let from = 1; from <= n; from += 100_000) {
    const to = Math.min(n, from + 99_999);
    await query(
      `INSERT INTO "Subscriber" (id, email, key, "timeZone", "allRegions", "allComponents", "noticeKinds", source, "confirmedAt", "manageTokenHash", "createdAt", "updatedAt")
       SELECT 'sub_' || lpad(i::text, 9, '0'), ${benchEmailSql(mix)}, ${benchEmailSql(mix)},
              CASE WHEN i % 2 = 0 THEN 'Australia/Sydney' ELSE 'America/Los_Angeles' END, i % 3 <> 0, true, '', 'bench',
              now(), md5('m' || i), now(), now()
       FROM generate_series($1::int, $2::int) AS i`,
      [from, to],
    );
    await query(`INSERT INTO "SubscriberRegion" ("subscriberId", "regionId") SELECT 'sub_' || lpad(i::text, 9, '0'), $3 FROM generate_series($1::int, $2::int) AS i WHERE i % 3 = 0`, [from, to, tel.id]);
  }
  await query('ANALYZE');
  return { incident };
}

/** CPU time (user + system) a process has used so far, from /proc. */
export const cpuMsOf = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};

/** CPU ms per thread of a process ("main", else "name/tid": the worker thread, V8's GC helpers and libuv's pool show apart). */
export const threadCpuMsOf = (pid: number): Map<string, number> => {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const raw = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = tid === String(pid) ? 'main' : `${raw.slice(raw.indexOf('(') + 1, raw.lastIndexOf(')'))}/${tid}`;
      const fields = raw.replace(/^.*\) /, '').split(' ');
      out.set(name, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
};

/** CPU ms (user + system) used so far by each PostgreSQL backend serving `dbName`, by pid (read from /proc: the server is local). */
export async function databaseCpuMsOf(query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }>, dbName: string): Promise<Map<number, number>> {
  const { rows } = await query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName]);
  const out = new Map<number, number>();
  for (const { pid } of rows as { pid: number }[]) {
    try {
      out.set(pid, cpuMsOf(pid));
    } catch {
      // the backend ended between the listing and the read
    }
  }
  return out;
}

/** CPU ms the backends of `before` and `after` used in between (a backend that started meanwhile counts from zero). */
export const cpuMsBetween = (before: Map<number, number>, after: Map<number, number>): number => [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);

/** One statement on the admin database (CREATE or DROP the bench database). */
export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
