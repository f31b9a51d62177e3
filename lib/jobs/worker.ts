import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { db, dbHandle } from '@/lib/server/db';
import { CHANGE_CHANNEL, onChange } from '@/lib/server/changes';
import { env } from '@/lib/server/env';
import { mailTransport, type Transporter } from '@/lib/mail/transport';
import { classifySmtpError, isSlowDown, type SmtpErrorLike } from '@/lib/mail/smtp-classify';
import { backoffMs, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { Composer } from './compose';
import { claimDeliveries, completeNotices, recordOutcomes, suppress, type ClaimCursor, type Claimed, type DeliveryOutcome } from './deliveries';
import { reclaimStale, renewClaims } from './leases';
import { clearStalePauses } from './mail-pause';
import { PauseControl } from './pause-control';
import { prepareNotice } from './prepare-notice';
import { sendDueMail } from './outbox-mail';
import { domainOf } from './rate-limit';
import { Shaper } from './shaping';
import { Signal, Slots, sleep, waitAny } from './signal';
import { closeOutboxPool, dialect } from './sql';
import { GroupCommit } from './group-commit';
import { deliveryMetrics } from '@/lib/server/metrics/catalogue';
import { beat, HEARTBEAT_EVERY_MS, workerRunning, workerWaiting } from './heartbeat';
import { OUTBOX_CHANNEL, outboxEvents } from './wake';
import { lineLog, type LineLog } from '@/lib/server/log/logger';
import { isHttpChannel, type Channel } from '@/lib/channels/types';
import { ChannelComposer, closeChannelSenders, defaultChannelSenders, sendByChannel, type ChannelSenders } from './channel-dispatch';
import { deliveryOutcomeOf, endpointAnswered } from './channel-outcome';
import { recordEndpointHealth, type EndpointEvent } from './endpoint-health';
import { SqliteWorkerLease, type LeaseHolder } from './sqlite-worker-lease';
import { forgetOutboxWrites, outboxWriteFailed, outboxWriteFailure, outboxWriteRecovered } from './outbox-writes';

// The delivery worker. One loop prepares queued notices (renderings + delivery rows), one claims due
// deliveries and streams them through the pooled transport, a small one sends Candor's own mail
// (OutboxMail), and one probes the relay while a broken transport has paused the other two.
// A send slot is freed only when the outcome is committed, so at any instant at most `concurrency`
// messages can have left without being recorded: those are the only ones a crash can send twice.

export interface WorkerOptions {
  id?: string;
  /** Messages sent but not yet recorded, at most. */
  concurrency?: number;
  claimSize?: number;
  pollMs?: number;
  /** A claim older than this belongs to a dead worker and is handed out again. */
  reclaimAfterMs?: number;
  /**
   * One worker per database, as on SQLite (sqlite-worker-lease.ts): the worker claims nothing until it
   * holds the database's worker lease, and then first hands back every 'sending' claim (a dead worker's).
   */
  singleWorker?: boolean;
  backoff?: BackoffPolicy;
  /** Waits between probes of a relay that cannot take mail (default 1 s doubling to 60 s). */
  probeBackoff?: BackoffPolicy;
  /** "Try later" answers are retried this many times in all; a broken transport pauses instead and charges nothing. */
  maxAttempts?: number;
  /** Messages per second, all domains together; 0 = no fixed cap. Default MAIL_RATE_PER_SECOND. */
  rate?: number;
  /** null = adaptive per recipient domain; a number = a fixed cap; 0 = no per-domain shaping. Default MAIL_DOMAIN_RATE_PER_SECOND. */
  domainRate?: number | null;
  transport?: () => Promise<Transporter>;
  /** Senders for the channels that are not e-mail (default: the guarded HTTP client for webhook, Slack, Teams, Discord). */
  channels?: ChannelSenders;
  /** The clock endpoint failures are judged by (auto-disable after a day); default the system clock. */
  clock?: () => Date;
  log?: LineLog;
}

export interface WorkerStats {
  sent: number;
  retried: number;
  failed: number;
  prepared: number;
  /** Candor's own mail (confirmations, manage links, password resets). */
  mail: { sent: number; retried: number; failed: number };
}

export interface RunningWorker {
  id: string;
  stats: WorkerStats;
  wake(): void;
  stop(): Promise<void>;
}

/** The longest an outcome waits for others to share its write. */
const FLUSH_WAIT_MS = 5;
/** How often a worker waiting for the SQLite worker lease tries again. */
const LEASE_RETRY_MS = 2_000;
/** Groups of outcomes written at once on PostgreSQL (the outbox pool has 4 connections; claims need one). */
const OUTCOME_WRITES = 2;

export async function startWorker(options: WorkerOptions = {}): Promise<RunningWorker> {
  const id = options.id ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const concurrency = options.concurrency ?? 32;
  const claimSize = options.claimSize ?? Math.max(256, concurrency * 8);
  const pollMs = options.pollMs ?? 1000;
  const reclaimAfterMs = options.reclaimAfterMs ?? 120_000;
  const policy = options.backoff ?? DEFAULT_BACKOFF;
  const maxAttempts = options.maxAttempts ?? 10;
  const log = options.log ?? lineLog('worker');
  const getTransport = options.transport ?? mailTransport;
  const rate = options.rate ?? env().mailRatePerSecond;
  const domainRate = options.domainRate === undefined ? env().mailDomainRatePerSecond : options.domainRate;
  const shaper = new Shaper({ rate, domainRate }, Date.now(), { log: (line) => log(`worker ${id}: ${line}`) });
  const pause = new PauseControl(id, getTransport, log, options.probeBackoff);
  const composer = new Composer();
  const channelSenders = options.channels ?? defaultChannelSenders({ allowPrivate: env().webhooksAllowPrivate, concurrency });
  const channelComposer = new ChannelComposer();
  const clock = options.clock ?? (() => new Date());
  const endpointEvents: EndpointEvent[] = [];
  const stats: WorkerStats = { sent: 0, retried: 0, failed: 0, prepared: 0, mail: { sent: 0, retried: 0, failed: 0 } };
  const metrics = deliveryMetrics();
  const counted = metrics.outcomes.notice.email;
  const signal = new Signal();
  const sendSignal = new Signal();
  const mailSignal = new Signal();
  const slots = new Slots(concurrency);
  let stopping = false;
  const leaseSignal = new Signal();
  let mailIdle = true;

  // Outcomes are committed in groups (group-commit.ts): a write once enough slots wait for one, or
  // 5 ms after the first. Slots are held until the commit, so the crash bound is unchanged; the
  // groups are sized so that the writes under way hold at most half the slots. SQLite has one
  // connection (one write at a time, groups of half the slots: its commit, not its rows, is most of
  // a small group's cost); PostgreSQL writes two at once, a quarter each.
  const bounces: { email: string; reason: string }[] = [];
  // An endpoint is disabled before the outcomes that would retry it are written (a retry claimed in
  // between would otherwise still be sent to it): the events go in order, each group's before its outcomes.
  let health: Promise<void> = Promise.resolve();
  const recordHealth = (): Promise<void> => {
    const run = health.then(async () => {
      if (endpointEvents.length === 0) return;
      const events = endpointEvents.slice();
      const disabled = await recordEndpointHealth(events, clock());
      endpointEvents.splice(0, events.length);
      if (disabled.length > 0) log(`worker ${id}: ${disabled.length} endpoint(s) failing for over a day disabled; their contacts are told`, 'warn');
    });
    health = run.catch(() => undefined);
    return run;
  };
  const outcomeWrites = dialect() === 'postgresql' ? OUTCOME_WRITES : 1;
  const outcomes = new GroupCommit<DeliveryOutcome>({
    at: Math.max(1, Math.floor(concurrency / (2 * outcomeWrites))),
    waitMs: FLUSH_WAIT_MS,
    writes: outcomeWrites,
    async write(group) {
      await recordHealth();
      await recordOutcomes(id, group);
      if (bounces.length > 0) await suppress(bounces.splice(0));
      outboxWriteRecovered(id, 'deliveries', log);
    },
    onError: (error) => outboxWriteFailed(id, 'deliveries', error, log),
  });
  const record = (outcome: DeliveryOutcome) => outcomes.add(outcome);

  const noticeStatus = new Map<string, { at: number; status: Promise<string | null> }>();
  const statusOf = (noticeId: string): Promise<string | null> => {
    const cached = noticeStatus.get(noticeId);
    if (cached && Date.now() - cached.at < 500) return cached.status;
    const status = db()
      .notice.findUnique({ where: { id: noticeId }, select: { status: true } })
      .then((n) => n?.status ?? null);
    noticeStatus.set(noticeId, { at: Date.now(), status });
    return status;
  };

  async function deliver(d: Claimed): Promise<DeliveryOutcome> {
    const now = Date.now();
    if (d.suppressed) {
      counted.suppressed.inc();
      return { id: d.id, status: 'suppressed', error: 'address is on the suppression list', countAttempt: false };
    }
    if (d.gone) {
      counted.canceled.inc();
      return { id: d.id, status: 'canceled', error: 'subscriber unsubscribed or paused', countAttempt: false };
    }
    const status = await statusOf(d.noticeId);
    if (status === 'canceled' || status === null) {
      counted.canceled.inc();
      return { id: d.id, status: 'canceled', error: 'notice canceled', countAttempt: false };
    }
    if (status === 'paused') return { id: d.id, status: 'pending', nextAttemptAt: new Date(now), error: null, countAttempt: false };
    if (stopping) return { id: d.id, status: 'pending', nextAttemptAt: new Date(now), error: null, countAttempt: false };
    // The mail pause holds e-mail only: a relay that is down says nothing about webhooks, chat or SMS.
    if (d.channel !== 'email') return deliverByChannel(d, now);
    if (pause.paused) return { id: d.id, status: 'pending', nextAttemptAt: new Date(now), error: null, countAttempt: false };
    const domain = domainOf(d.email);
    const shaped = shaper.take(domain, now);
    if (shaped.deferMs > 0) return { id: d.id, status: 'pending', nextAttemptAt: new Date(now + shaped.deferMs), error: null, countAttempt: false };
    if (shaped.sleepMs > 0) await sleep(shaped.sleepMs);

    const message = await composer.compose(d);
    if (!message) return { id: d.id, status: 'failed', error: 'the notice has no rendering for this region', countAttempt: true };
    const startedAt = Date.now();
    try {
      await (await getTransport()).sendMail(message);
      metrics.send.observe((Date.now() - startedAt) / 1000);
      pause.observe(null, startedAt);
      shaper.observe(domain, 'ok', Date.now());
      stats.sent += 1;
      counted.sent.inc();
      return { id: d.id, status: 'sent', messageId: message.messageId };
    } catch (error) {
      const verdict = classifySmtpError(error as SmtpErrorLike);
      metrics.send.observe((Date.now() - startedAt) / 1000);
      pause.observe(verdict, startedAt);
      if (isSlowDown(error as SmtpErrorLike)) shaper.observe(domain, 'slow_down', Date.now(), now);
      const attempt = d.attempts + 1;
      switch (verdict.class) {
        case 'transport_down':
          // Handed back uncharged: the worker pauses and probes the relay, and the row waits for it.
          return { id: d.id, status: 'pending', nextAttemptAt: new Date(), error: verdict.reason, countAttempt: false };
        case 'try_later':
          if (attempt >= maxAttempts) {
            stats.failed += 1;
            counted.failed.inc();
            return { id: d.id, status: 'failed', error: `gave up after ${attempt} attempts: ${verdict.reason}`, countAttempt: true, failureClass: 'try_later' };
          }
          stats.retried += 1;
          counted.retried.inc();
          return { id: d.id, status: 'pending', nextAttemptAt: new Date(Date.now() + backoffMs(attempt, policy)), error: verdict.reason, countAttempt: true };
        case 'recipient_unknown':
          bounces.push({ email: d.email, reason: verdict.reason });
          stats.failed += 1;
          counted.failed.inc();
          return { id: d.id, status: 'failed', error: verdict.reason, countAttempt: true, failureClass: verdict.class };
        case 'policy':
        case 'rejected':
          // The address is fine: not suppressed. Staff see policy refusals on the notice and can re-queue them.
          stats.failed += 1;
          (verdict.class === 'policy' ? counted.refused : counted.failed).inc();
          return { id: d.id, status: 'failed', error: verdict.reason, countAttempt: true, failureClass: verdict.class };
      }
    }
  }

  /** A webhook, chat or SMS delivery: its channel's sender, its channel's verdict, the same outcome rows as mail. */
  async function deliverByChannel(d: Claimed, now: number): Promise<DeliveryOutcome> {
    const delivery = await channelComposer.compose(d, new Date(now));
    if (!delivery) return { id: d.id, status: 'failed', error: 'the notice has no rendering for this region', countAttempt: true };
    const startedAt = Date.now();
    const verdict = await sendByChannel(channelSenders, delivery);
    metrics.channelSend[d.channel as Exclude<Channel, 'email'>]?.observe((Date.now() - startedAt) / 1000);
    const byChannel = metrics.outcomes.notice[d.channel as Channel] ?? counted;
    const answered = endpointAnswered(verdict);
    // A success is news only for an endpoint that was failing; every failure is recorded.
    if (answered !== null && isHttpChannel(d.channel) && (answered === false || d.failureCount > 0)) endpointEvents.push({ subscriberId: d.subscriberId, ok: answered, reason: verdict.kind === 'delivered' ? '' : verdict.reason });
    const outcome = deliveryOutcomeOf(verdict, { id: d.id, attempts: d.attempts, maxAttempts, policy, now: Date.now() });
    if (outcome.status === 'sent') {
      stats.sent += 1;
      byChannel.sent.inc();
    } else if (outcome.status === 'failed') {
      stats.failed += 1;
      byChannel.failed.inc();
    } else if (outcome.status === 'pending' && outcome.countAttempt) {
      stats.retried += 1;
      byChannel.retried.inc();
    }
    return outcome;
  }

  // SQLite: one worker per database. Until this one holds the lease it does nothing (another worker
  // is alive: it prepares and sends); once it does, every claim left in the database is a dead worker's.
  const lease = options.singleWorker ? new SqliteWorkerLease(id) : null;
  /** One attempt: the live holder when another worker has the lease, else null (this one has it, and the claims left behind are handed back). */
  async function takeLease(): Promise<LeaseHolder | null> {
    const holder = await lease!.take();
    if (holder) return holder;
    holdingLease = true;
    const back = await reclaimStale(new Date(Date.now() + 60_000));
    if (back.deliveries + back.mail > 0) log(`worker ${id}: ${back.deliveries} deliveries and ${back.mail} mails left claimed by a stopped worker handed back`);
    return null;
  }
  async function waitForLease(holder: LeaseHolder | null): Promise<void> {
    workerWaiting(id, holder?.workerId ?? 'another worker');
    try {
      await waitingForLease(holder);
    } finally {
      workerWaiting(id, null);
    }
  }
  const leaseFailed = (error: unknown) => log(`worker ${id}: taking the SQLite worker lease failed (${(error as Error).message}); trying again`, 'warn');
  async function waitingForLease(holder: LeaseHolder | null): Promise<void> {
    if (holder) log(`worker ${id}: another delivery worker (${holder.workerId}) is running on this SQLite database, and only one may: this one waits and takes over when it stops. Running \`candor worker\` beside \`candor start\`? Set CANDOR_WORKER=off for \`candor start\`.`, 'warn');
    while (!stopping) {
      await leaseSignal.wait(LEASE_RETRY_MS);
      if (stopping) return;
      try {
        if (!(await takeLease())) return log(`worker ${id}: this worker holds the SQLite database's worker lease now and sends`);
      } catch (error) {
        leaseFailed(error);
      }
    }
  }
  let leaseHeld: Promise<void> = Promise.resolve();
  let holdingLease = false;
  /** Renewed on the claims' timer, not in housekeeping: the send loop may wait on one batch for minutes. */
  async function renewLease(): Promise<void> {
    if (!lease || !holdingLease) return;
    if (await lease.renew()) return;
    holdingLease = false;
    log(`worker ${id}: another delivery worker took this SQLite database's lease (this one was taken for dead); claiming stops until it can take the lease back`, 'error');
    leaseHeld = waitForLease(null);
  }

  // The next batch is claimed while the current one is still being handed to the transport, so
  // the SMTP connections never wait for a claim round trip. At most two batches are held.
  // Each full claim continues where the last one ended; the cursor is dropped after a short claim and
  // at every housekeeping round, so a row handed back behind it waits at most one round.
  let cursor: ClaimCursor | null = null;
  const claim = (): Promise<Claimed[] | Error> =>
    claimDeliveries(id, claimSize, new Date(), pause.paused ? null : cursor, { skipEmail: pause.paused }).then(
      (r) => {
        cursor = r.cursor;
        return r.claimed;
      },
      (error: unknown) => {
        cursor = null;
        return error as Error;
      },
    );
  const dispatch = async (d: Claimed): Promise<void> => {
    await slots.acquire();
    void deliver(d)
      .catch((error: unknown): DeliveryOutcome => ({ id: d.id, status: 'pending', nextAttemptAt: new Date(Date.now() + backoffMs(d.attempts + 1, policy)), error: String((error as Error).message ?? error).slice(0, 500), countAttempt: true }))
      .then(record)
      .finally(() => slots.release());
  };
  let housekeepingRun: Promise<void> | null = null;
  async function sendLoop(): Promise<void> {
    let lastHousekeeping = 0;
    let next: Promise<Claimed[] | Error> | null = null;
    while (!stopping) {
      await leaseHeld;
      if (stopping) break;
      if (Date.now() - lastHousekeeping > housekeepingMs && !housekeepingRun) {
        lastHousekeeping = Date.now();
        cursor = null;
        housekeepingRun = housekeeping().finally(() => {
          housekeepingRun = null;
        });
      }
      // Whether any message was in flight when this claim read the table (a claim made ahead was).
      const noneInFlight = next === null && slots.allFree;
      const batch = await (next ?? claim());
      next = null;
      if (batch instanceof Error) {
        log(`worker ${id}: claim failed (${batch.message})`, 'warn');
        await signal.wait(pollMs);
        continue;
      }
      if (batch.length === 0) {
        if (pause.paused) {
          // Only e-mail is waiting: sleep until the relay answers again, or other work arrives.
          await waitAny([pause.reopenedSignal, signal, sendSignal], pollMs);
          continue;
        }
        // Nothing left to claim is not yet nothing to send: messages handed over a moment ago may
        // still come back refused. Only with every slot free can no message prove the relay works,
        // and only if they were free before the claim too: on PostgreSQL a refused message's row
        // can be written back (and its slot freed) after the claim's snapshot missed it.
        if (mailIdle && noneInFlight && slots.allFree) pause.idle();
        await waitAny([signal, sendSignal], pollMs);
        continue;
      }
      // A full batch says there is more: claim the next one once most of this one is under way.
      const prefetchAt = batch.length === claimSize ? Math.max(0, batch.length - concurrency) : -1;
      for (let i = 0; i < batch.length; i++) {
        if (i === prefetchAt && !stopping && !pause.paused) next = claim();
        await dispatch(batch[i]!);
      }
    }
    // A batch claimed ahead is handed back through the normal path (deliver() answers 'pending' while stopping).
    const left = next ? await next : [];
    if (!(left instanceof Error)) for (const d of left) await dispatch(d);
    await housekeepingRun;
  }

  // Claims are renewed well within reclaimAfterMs, so a slow batch is never taken for a dead worker's.
  const housekeepingMs = Math.max(100, Math.min(2000, pollMs * 2, reclaimAfterMs / 4));
  async function housekeeping(): Promise<void> {
    try {
      const back = await reclaimStale(new Date(Date.now() - reclaimAfterMs), id);
      if (back.deliveries > 0) log(`worker ${id}: ${back.deliveries} stale claims handed back`);
      if (back.mail > 0) log(`worker ${id}: ${back.mail} stale mail claims handed back`);
      await completeNotices();
      await clearStalePauses();
    } catch (error) {
      log(`worker ${id}: housekeeping failed (${(error as Error).message})`, 'warn');
    }
  }

  async function prepareLoop(): Promise<void> {
    while (!stopping) {
      await leaseHeld;
      if (stopping) break;
      let queued: { id: string }[] = [];
      try {
        queued = await db().notice.findMany({ where: { status: 'queued' }, select: { id: true }, orderBy: { createdAt: 'asc' }, take: 5 });
        for (const n of queued) {
          if (stopping) break;
          const result = await prepareNotice(n.id, { onBatch: () => sendSignal.notify() });
          stats.prepared += 1;
          sendSignal.notify();
          log(`worker ${id}: notice ${n.id} prepared for ${result.audience} subscribers in ${result.regions} regions`);
        }
      } catch (error) {
        log(`worker ${id}: preparing a notice failed (${(error as Error).message})`, 'warn');
        queued = [];
      }
      if (queued.length === 0) await signal.wait(pollMs);
    }
  }

  async function mailLoop(): Promise<void> {
    while (!stopping) {
      await leaseHeld;
      if (stopping) break;
      let claimed = 0;
      if (pause.paused) {
        await pause.waitOpen(pollMs);
        continue;
      }
      try {
        const run = await sendDueMail({ workerId: id, transport: getTransport, policy, maxAttempts, stopping: () => stopping, paused: () => pause.paused, observe: (v, at) => pause.observe(v, at), log });
        claimed = run.claimed;
        mailIdle = claimed === 0;
        stats.mail.sent += run.sent;
        stats.mail.retried += run.retried;
        stats.mail.failed += run.failed;
        metrics.outcomes.system.sent.inc(run.sent);
        metrics.outcomes.system.retried.inc(run.retried);
        metrics.outcomes.system.failed.inc(run.failed);
      } catch (error) {
        log(`worker ${id}: sending mail failed (${(error as Error).message})`, 'warn');
      }
      if (claimed === 0) await mailSignal.wait(pollMs);
    }
  }

  // The first attempt is made before the worker is running (a restart hands back its dead
  // predecessor's claims before anything else); a lease held by a live worker is waited for in the loops.
  if (lease) {
    try {
      const holder = await takeLease();
      if (holder) leaseHeld = waitForLease(holder);
    } catch (error) {
      leaseFailed(error);
      leaseHeld = waitForLease(null);
    }
  }

  const wake = () => {
    signal.notify();
    sendSignal.notify();
    mailSignal.notify();
  };
  const offChange = onChange(wake);
  outboxEvents().on('wake', wake);
  const listener = await listen(wake, log);

  // The heartbeat, lease and claims are renewed on their own timer: the send loop may spend longer
  // than reclaimAfterMs on one batch, or wait on outcomes the database will not take. A beat goes out
  // every HEARTBEAT_EVERY_MS, and at once when writing outcomes starts or stops failing.
  // A lease is renewed once it is a quarter of reclaimAfterMs old, so it never grows past half.
  let lastBeat = 0;
  let beatFailing = false;
  /** Beats when one is due; true when it wrote one. */
  const heartbeat = async (): Promise<boolean> => {
    const failing = outboxWriteFailure();
    if (Date.now() - lastBeat < HEARTBEAT_EVERY_MS && Boolean(failing) === beatFailing) return false;
    await beat(id, new Date(), failing);
    lastBeat = Date.now();
    beatFailing = Boolean(failing);
    return true;
  };
  // A beat the database refuses is tried again at every tick, and said once per outage, not every time.
  let beatRefused = false;
  const renew = async () => {
    await heartbeat().then(
      (wrote) => {
        if (!wrote) return;
        if (beatRefused) log(`worker ${id}: the heartbeat is written again`);
        beatRefused = false;
      },
      (error: unknown) => {
        if (!beatRefused) log(`worker ${id}: writing the heartbeat failed (${(error as Error).message}); web processes with CANDOR_WORKER=off will count this worker as gone until it can`, 'warn');
        beatRefused = true;
      },
    );
    await renewLease();
    await renewClaims(id, new Date(Date.now() - reclaimAfterMs / 4));
  };
  const renewal = setInterval(() => void renew().catch((error: unknown) => log(`worker ${id}: renewing claims failed (${(error as Error).message})`, 'warn')), housekeepingMs);
  renewal.unref();
  void heartbeat().catch(() => undefined);
  const loops = Promise.all([sendLoop(), prepareLoop(), mailLoop(), pause.run(() => stopping, wake)]);
  workerRunning(id, true);
  return {
    id,
    stats,
    wake,
    async stop() {
      stopping = true;
      leaseSignal.notify();
      workerRunning(id, false);
      pause.wake();
      wake();
      await loops;
      for (let i = 0; i < concurrency; i++) await slots.acquire();
      await outcomes.drain();
      forgetOutboxWrites(id);
      clearInterval(renewal);
      // A stopped worker is not failing: its report goes (or, if the database still refuses, ages out).
      if (beatFailing) await beat(id, new Date(), null).catch(() => undefined);
      offChange();
      outboxEvents().off('wake', wake);
      await pause.stop();
      if (!options.channels) await closeChannelSenders(channelSenders);
      await closeOutboxPool();
      await listener?.end().catch(() => undefined);
      await lease?.release().catch((error: unknown) => log(`worker ${id}: giving up the SQLite worker lease failed (${(error as Error).message}); the next worker takes it once it is a minute old`, 'warn'));
    },
  };
}

/** PostgreSQL: LISTEN for new work from other processes (web, other workers). */
async function listen(wake: () => void, log: LineLog): Promise<pg.Client | null> {
  const handle = dbHandle();
  if (handle.kind !== 'postgresql') return null;
  const client = new pg.Client({ connectionString: handle.url });
  client.on('error', (error) => log(`worker: LISTEN connection lost (${error.message}); polling instead`, 'warn'));
  client.on('notification', () => wake());
  try {
    await client.connect();
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    return client;
  } catch (error) {
    log(`worker: LISTEN unavailable (${(error as Error).message}); polling instead`, 'warn');
    await client.end().catch(() => undefined);
    return null;
  }
}
