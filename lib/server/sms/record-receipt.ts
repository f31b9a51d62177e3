import type { SmsReceipt } from '@/lib/channels/sms';
import { decValue, hexValue, messageIdIndex, UNDELIVERED_RECEIPT_STATES } from '@/lib/channels/sms/receipt';
import { db } from '../db';
import { dialect } from '@/lib/jobs/sql';
import { sqliteIso } from '@/lib/server/sqlite-direct';

// Handsets' delivery receipts, onto the delivery rows they belong to, many at a time. Each accepted
// segment has an SmsPart row named by the SMSC's id; SMSCs write that id in hex in one place and in
// decimal in another, so a receipt's id is looked up in both forms. A row reads "delivered" once
// every segment is, and the first failure (failed, expired, rejected) once one is not.

/** The receipt's id as it may have been stored: as given, and its hex/decimal twin. */
export function messageIdForms(id: string): string[] {
  const forms = new Set([id.toLowerCase()]);
  const d = decValue(id);
  const h = hexValue(id);
  if (d !== null) forms.add(d.toString(16));
  if (h !== null) forms.add(h.toString(10));
  return [...forms];
}

/** What a delivery's receipt state becomes from its segments' states; null: not known yet. */
export function deliveryReceiptState(states: (string | null)[]): string | null {
  const failed = states.find((s) => s !== null && UNDELIVERED_RECEIPT_STATES.has(s));
  if (failed) return failed;
  return states.length > 0 && states.every((s) => s === 'delivered') ? 'delivered' : null;
}

/** A JSON array of rows as a table: json_each on SQLite, jsonb_to_recordset on PostgreSQL. */
function jsonTable(param: string, columns: Record<string, 'text' | 'int'>): string {
  const names = Object.keys(columns);
  if (dialect() === 'postgresql') return `jsonb_to_recordset(${param}::jsonb) AS v(${names.map((n) => `${n} ${columns[n]}`).join(', ')})`;
  return `(SELECT ${names.map((n) => `json_extract(value, '$.${n}') AS ${n}`).join(', ')} FROM json_each(${param})) AS v`;
}

const placeholder = () => (dialect() === 'postgresql' ? '$1' : '?');
const at = (d: Date) => (dialect() === 'postgresql' ? d.toISOString() : sqliteIso(d));
const atColumn = (c: string) => (dialect() === 'postgresql' ? `(${c}::timestamptz AT TIME ZONE 'UTC')` : c);

/**
 * Records receipts in one lookup and one transaction, in the order given (a later receipt for the
 * same segment wins). Returns the receipts that name no stored segment (yet): their ids may still
 * be on their way to the database, so the caller may try them again.
 */
export async function recordSmsReceipts(receipts: SmsReceipt[]): Promise<{ recorded: number; unmatched: SmsReceipt[] }> {
  if (receipts.length === 0) return { recorded: 0, unmatched: [] };
  const forms = [...new Set(receipts.flatMap((r) => messageIdForms(r.messageId)))];
  const found = await db().$queryRawUnsafe<{ messageId: string; deliveryId: number | bigint }[]>(
    dialect() === 'postgresql'
      ? `SELECT "messageId", "deliveryId" FROM "SmsPart" WHERE "messageId" IN (SELECT jsonb_array_elements_text($1::jsonb))`
      : `SELECT "messageId", "deliveryId" FROM "SmsPart" WHERE "messageId" IN (SELECT value FROM json_each(?))`,
    JSON.stringify(forms),
  );
  const unmatched: SmsReceipt[] = [];
  const byPart = new Map<string, { m: string; s: string; e: string | null; a: string; deliveryId: number; at: Date }>();
  const partOf = messageIdIndex(found, (p) => p.messageId);
  for (const r of receipts) {
    const part = partOf(r.messageId);
    if (!part) {
      unmatched.push(r);
      continue;
    }
    byPart.delete(part.messageId);
    byPart.set(part.messageId, { m: part.messageId, s: r.state, e: r.error ?? null, a: at(r.at), deliveryId: Number(part.deliveryId), at: r.at });
  }
  if (byPart.size === 0) return { recorded: 0, unmatched };
  const parts = [...byPart.values()];
  const deliveryIds = [...new Set(parts.map((p) => p.deliveryId))].sort((a, b) => a - b);
  const p = placeholder();
  await db().$transaction(async (tx) => {
    // Two workers' receipts for the segments of one text: each waits for the other's, so the last sees both.
    if (dialect() === 'postgresql') await tx.$queryRawUnsafe(`SELECT id FROM "Delivery" WHERE id IN (SELECT (jsonb_array_elements_text($1::jsonb))::int) ORDER BY id FOR UPDATE`, JSON.stringify(deliveryIds));
    await tx.$executeRawUnsafe(
      `UPDATE "SmsPart" AS p SET state = v.s, error = v.e, "receiptAt" = ${atColumn('v.a')} FROM ${jsonTable(p, { m: 'text', s: 'text', e: 'text', a: 'text' })} WHERE p."messageId" = v.m`,
      JSON.stringify(parts.map(({ m, s, e, a }) => ({ m, s, e, a }))),
    );
    const states = await tx.$queryRawUnsafe<{ deliveryId: number | bigint; state: string | null }[]>(
      dialect() === 'postgresql'
        ? `SELECT "deliveryId", state FROM "SmsPart" WHERE "deliveryId" IN (SELECT (jsonb_array_elements_text($1::jsonb))::int) ORDER BY "deliveryId", "messageId"`
        : `SELECT "deliveryId", state FROM "SmsPart" WHERE "deliveryId" IN (SELECT value FROM json_each(?)) ORDER BY "deliveryId", "messageId"`,
      JSON.stringify(deliveryIds),
    );
    const perDelivery = new Map<number, (string | null)[]>();
    for (const row of states) perDelivery.set(Number(row.deliveryId), [...(perDelivery.get(Number(row.deliveryId)) ?? []), row.state]);
    const latest = new Map<number, Date>();
    for (const part of parts) if (!latest.has(part.deliveryId) || latest.get(part.deliveryId)! < part.at) latest.set(part.deliveryId, part.at);
    const changes = deliveryIds.flatMap((i) => {
      const s = deliveryReceiptState(perDelivery.get(i) ?? []);
      return s ? [{ i, s, a: at(latest.get(i)!) }] : [];
    });
    if (changes.length > 0)
      await tx.$executeRawUnsafe(`UPDATE "Delivery" AS d SET "receiptState" = v.s, "receiptAt" = ${atColumn('v.a')} FROM ${jsonTable(p, { i: 'int', s: 'text', a: 'text' })} WHERE d.id = v.i`, JSON.stringify(changes));
  });
  return { recorded: receipts.length - unmatched.length, unmatched };
}
