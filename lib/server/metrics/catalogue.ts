import { counter, histogram, talliedCounter, talliedHistogram } from './registry';
import { CHANNELS, type Channel } from '@/lib/channels/types';
import { RECEIPT_STATES, SMS_KEYWORDS, type SmsKeyword } from '@/lib/channels/sms/receipt';

// The metrics Candor's code counts as it goes, each made on first use and its label children bound
// once, so the hot path and the delivery worker only call inc() or observe() on a ready child.
// Gauges read at scrape time (queue, database, pause, snapshot age) are in scrape-gauges.ts.

/** HTTP requests by where they went, never by raw path (bounded). */
export const ROUTE_GROUPS = ['hot', 'public', 'api_v1', 'api_v2', 'admin', 'health', 'other'] as const;
export type RouteGroup = (typeof ROUTE_GROUPS)[number];
/** "aborted": the connection closed before the response was complete. */
export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx', 'aborted'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/** A counter child listed at 0 from the first scrape, so rate() and alerts see the series before its first event. */
function zeroed<C extends { inc(n?: number): void }>(child: C): C {
  child.inc(0);
  return child;
}

function bind<K extends string, T>(keys: readonly K[], make: (key: K) => T): Record<K, T> {
  return Object.fromEntries(keys.map((k) => [k, make(k)])) as Record<K, T>;
}

let http: ReturnType<typeof makeHttp> | undefined;
function makeHttp() {
  // Counted on every request, the hot path's included: tallies (registry.ts), summed at scrape time.
  const requestLabels = ROUTE_GROUPS.flatMap((route) => STATUS_CLASSES.map((status_class) => ({ route, status_class })));
  const requests = talliedCounter({ name: 'candor_http_requests_total', help: 'HTTP requests answered, by route group and status class', labelNames: ['route', 'status_class'] }, requestLabels);
  const duration = talliedHistogram(
    { name: 'candor_http_request_duration_seconds', help: 'Time from the request reaching Candor to the end of its response, by route group', labelNames: ['route'] },
    ROUTE_GROUPS.map((route) => ({ route })),
  );
  const [hit, next] = talliedCounter({ name: 'candor_http_hot_path_total', help: 'Requests answered from the in-memory public snapshot (hit) or handed to Next (next)', labelNames: ['result'] }, [{ result: 'hit' }, { result: 'next' }]);
  return {
    requests: bind(ROUTE_GROUPS, (route) => bind(STATUS_CLASSES, (status_class) => requests[requestLabels.findIndex((l) => l.route === route && l.status_class === status_class)]!)),
    duration: bind(ROUTE_GROUPS, (route) => duration[ROUTE_GROUPS.indexOf(route)]!),
    hotPath: { hit: hit!, next: next! },
  };
}
export function httpMetrics() {
  return (http ??= makeHttp());
}

/** sent; retried (try later); failed (no such mailbox, rejected, attempts used up); refused (policy or reputation); suppressed; canceled. */
export const DELIVERY_OUTCOMES = ['sent', 'retried', 'failed', 'refused', 'suppressed', 'canceled'] as const;
export type DeliveryOutcomeLabel = (typeof DELIVERY_OUTCOMES)[number];
/** notice: subscriber notices; system: Candor's own mail (confirmations, manage links, password resets). */
export const MAIL_KINDS = ['notice', 'system'] as const;

let delivery: ReturnType<typeof makeDelivery> | undefined;
function makeDelivery() {
  const outcomes = counter({ name: 'candor_deliveries_total', help: 'Delivery attempts by channel, kind and outcome', labelNames: ['channel', 'kind', 'outcome'] });
  const send = histogram({ name: 'candor_mail_send_duration_seconds', help: 'Time the mail transport took to accept or refuse one message' });
  const channelSend = histogram({ name: 'candor_channel_send_duration_seconds', help: 'Time a webhook, chat or SMS endpoint took to answer one delivery', labelNames: ['channel'] });
  const outboxWriteFailures = counter({ name: 'candor_outbox_write_failures_total', help: 'Writes of delivery outcomes the database refused (each is retried; sending waits meanwhile)' });
  return {
    outboxWriteFailures: zeroed(outboxWriteFailures),
    outcomes: {
      /** Notices, by the subscriber's channel. */
      notice: bind(CHANNELS, (channel) => bind(DELIVERY_OUTCOMES, (outcome) => zeroed(outcomes.labels({ channel, kind: 'notice', outcome })))),
      /** Candor's own mail goes by e-mail only. */
      system: bind(DELIVERY_OUTCOMES, (outcome) => zeroed(outcomes.labels({ channel: 'email', kind: 'system', outcome }))),
    },
    send,
    channelSend: bind(
      CHANNELS.filter((c): c is Exclude<Channel, 'email'> => c !== 'email'),
      (channel) => channelSend.labels({ channel }),
    ),
  };
}
export function deliveryMetrics() {
  return (delivery ??= makeDelivery());
}

/** A handset's delivery receipt, by what it said; unmatched: it named no text Candor sent (looked for twice). */
export const SMS_RECEIPT_LABELS = [...RECEIPT_STATES, 'unmatched'] as const;
export type SmsReceiptLabel = (typeof SMS_RECEIPT_LABELS)[number];

/** What became of a keyword reply (candor_sms_replies_total's `answer`). */
export const SMS_REPLY_ANSWERS = ['answered', 'unanswered', 'failed'] as const;

let sms: ReturnType<typeof makeSms> | undefined;
function makeSms() {
  const receipts = counter({ name: 'candor_sms_receipts_total', help: "Handsets' delivery receipts recorded, one per segment, by state (unmatched: naming no text Candor sent)", labelNames: ['state'] });
  const replies = counter({ name: 'candor_sms_replies_total', help: 'Replies from phones that were a keyword (stop, start, help), by whether a text answered them (unanswered: nothing changed, a number Candor never texted, or its hourly cap reached; failed: the answer was not accepted)', labelNames: ['keyword', 'answer'] });
  return {
    receipts: bind(SMS_RECEIPT_LABELS, (state) => zeroed(receipts.labels({ state }))),
    replies: bind(Object.keys(SMS_KEYWORDS) as SmsKeyword[], (keyword) => bind(SMS_REPLY_ANSWERS, (answer) => zeroed(replies.labels({ keyword, answer })))),
  };
}
export function smsMetrics() {
  return (sms ??= makeSms());
}

let snapshot: ReturnType<typeof makeSnapshot> | undefined;
function makeSnapshot() {
  return {
    rebuild: histogram({ name: 'candor_snapshot_rebuild_duration_seconds', help: 'Time to read the database and prepare the public snapshot (successful rebuilds; pages render on first request)' }),
    failures: counter({ name: 'candor_snapshot_rebuild_failures_total', help: 'Public snapshot rebuilds that failed (the last good snapshot is served, marked stale)' }),
    render: histogram({ name: 'candor_snapshot_render_duration_seconds', help: 'Time to render one public page, feed or JSON body of the snapshot, on the first request for it after a rebuild' }),
    renderFailures: counter({ name: 'candor_snapshot_render_failures_total', help: 'Public pages that could not be rendered (answered 500 until the next rebuild; the log names the page)' }),
  };
}
export function snapshotMetrics() {
  return (snapshot ??= makeSnapshot());
}

let signIn: ReturnType<typeof makeSignIn> | undefined;
function makeSignIn() {
  const failures = counter({ name: 'candor_sign_in_failures_total', help: 'Failed staff sign-ins: wrong password, wrong second-factor code, or refused by a running lock', labelNames: ['reason'] });
  const lockouts = counter({ name: 'candor_sign_in_lockouts_total', help: 'Locks engaged by failed sign-ins, per account, address or second-factor code', labelNames: ['scope'] });
  return {
    failures: bind(['wrong_password', 'wrong_code', 'locked'] as const, (reason) => zeroed(failures.labels({ reason }))),
    lockouts: bind(['account', 'address', 'code'] as const, (scope) => zeroed(lockouts.labels({ scope }))),
  };
}
export function signInMetrics() {
  return (signIn ??= makeSignIn());
}

/** backup: taking or verifying one failed; command: BACKUP_COMMAND failed; prune: deleting old backups failed. */
export const BACKUP_FAILURE_STAGES = ['backup', 'command', 'prune'] as const;
export type BackupFailureStage = (typeof BACKUP_FAILURE_STAGES)[number];

let backup: ReturnType<typeof makeBackup> | undefined;
function makeBackup() {
  const failures = counter({ name: 'candor_backup_failures_total', help: 'Scheduled backups of this process that failed, by stage: backup (taking or verifying it), command (BACKUP_COMMAND), prune', labelNames: ['stage'] });
  return {
    failures: bind(BACKUP_FAILURE_STAGES, (stage) => zeroed(failures.labels({ stage }))),
    duration: histogram({ name: 'candor_backup_duration_seconds', help: 'Time this process took to take and verify one scheduled backup (successful ones)', buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600] }),
  };
}
export function backupMetrics() {
  return (backup ??= makeBackup());
}
