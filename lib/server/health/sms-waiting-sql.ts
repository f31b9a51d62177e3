import { SMS_DOWN_PREFIX } from '@/lib/jobs/sms-dispatch';

// Texts held back, uncharged, because a worker cannot use the SMSC: they wait as pending with the
// reason in lastError ("SMS: ..."). One statement for /api/health (sms-status.ts) and `candor doctor`
// (its own read-only connection). 'pending' is written into the SQL, not bound: on SQLite the claim
// index holds only pending rows, and SQLite uses such a partial index only for a literal it can match.

const HELD = `FROM "Delivery" d JOIN "Subscriber" s ON s.id = d."subscriberId" WHERE d.status = 'pending' AND d."lastError" LIKE '${SMS_DOWN_PREFIX}%' AND s.channel = 'sms'`;

/** `n`: how many texts wait; `reason`: the latest reason among them, prefix included (null: none). */
export const SMS_WAITING_SQL = `SELECT (SELECT COUNT(*) ${HELD}) AS n, (SELECT d."lastError" ${HELD} ORDER BY d."nextAttemptAt" DESC LIMIT 1) AS reason`;
