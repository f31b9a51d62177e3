import smpp, { type PDU, type Session, type ShortMessage } from 'smpp';
import { backoffMs, type BackoffPolicy } from '@/lib/jobs/backoff';
import type { SmsInbound, SmsOutcome, SmsSender, SmsStatus } from './index';
import type { SmsConfig } from './config';
import { checkMessage } from './message-check';
import { encodeSms, type SmsEncoding } from './encoding';
import { classifySubmitStatus, commandStatusName, describeBindRefusal } from './command-status';
import { isReceiptEsmClass, receiptOf, type SmsReceipt } from './receipt';
import { SmscPace } from './pace';
import { encodeSubmitSm, SubmitPdu, UDH_INDICATOR } from './submit-pdu';

// One SMPP transceiver session to the SMSC, kept bound: submit_sm within a window, enquire_link
// keepalives, reconnection with backoff, receipts and replies from deliver_sm (each answered).

type Log = (line: string, level?: 'info' | 'warn' | 'error') => void;

/** Waits between connection attempts after a failure: 1 s, growing to a minute. */
export const RECONNECT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };
/** A throttled segment is sent again (more slowly) until this long after its first refusal; then the message is "retry". */
export const THROTTLE_GIVE_UP_MS = 60_000;
/** A session lost after being bound this long is rebuilt at once; two short-lived ones in a row wait their backoff. */
const STABLE_SESSION_MS = 5_000;

interface Outgoing {
  encoding: SmsEncoding;
  ids: string[];
  left: number;
  firstThrottledAt: number | null;
  done: boolean;
  resolve(outcome: SmsOutcome): void;
}

interface Part {
  out: Outgoing;
  index: number;
  /** Encoded once; numbered again each time it is sent. */
  pdu: SubmitPdu;
  sentAt: number;
}

/**
 * transceiver: sends, and is sent receipts and replies (the worker's session). transmitter: only
 * sends (the web process's, for codes): an SMSC sends deliver_sm only to sessions bound to receive,
 * so no STOP or receipt can land on a session that does not listen for them, and its texts ask for no receipt.
 */
export type SmppRole = 'transceiver' | 'transmitter';

export function createSmppSender(config: SmsConfig, log: Log, clock: () => number = Date.now, role: SmppRole = 'transceiver'): SmsSender {
  const target = `${config.host}:${config.port}`;
  const receiptListeners: ((r: SmsReceipt) => void)[] = [];
  const inboundListeners: ((m: SmsInbound) => void)[] = [];
  const waiting = new Set<Outgoing>();
  const queue: Part[] = [];
  const inFlight = new Map<number, Part>();
  const pace = new SmscPace(config.ratePerSecond, clock(), (line) => log(line, 'warn'));
  const counts: SmsStatus['counts'] = { submitted: 0, accepted: 0, throttled: 0, failed: 0, retried: 0, reconnects: 0, receipts: 0, inbound: 0 };
  let state: SmsStatus['state'] = 'connecting';
  let since = new Date(clock());
  let reason: string | null = null;
  let session: Session | null = null;
  let boundAt = 0;
  let failures = 0;
  let lastDropQuick = false;
  let reference = Math.floor(Math.random() * 256);
  let pumpTimer: NodeJS.Timeout | null = null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let enquireSentAt: number | null = null;
  let lastEnquireAt = 0;
  let attemptStartedAt = 0;

  const setState = (next: SmsStatus['state'], why: string | null) => {
    if (next !== state) since = new Date(clock());
    state = next;
    reason = why;
  };

  const settle = (out: Outgoing, outcome: SmsOutcome) => {
    if (out.done) return;
    out.done = true;
    waiting.delete(out);
    if (outcome.kind === 'accepted') counts.accepted += 1;
    else if (outcome.kind === 'failed') counts.failed += 1;
    else if (outcome.kind === 'retry') counts.retried += 1;
    out.resolve(outcome);
  };

  /** Every message not yet settled gets `outcome` (the line is down, or we are closing). */
  const settleAll = (outcome: SmsOutcome) => {
    for (const out of [...waiting]) settle(out, outcome);
    queue.length = 0;
  };

  function connect(): void {
    if (state === 'closed') return;
    setState('connecting', reason);
    attemptStartedAt = clock();
    const s = smpp.connect({ host: config.host, port: config.port, tls: config.tls, servername: config.tls ? config.host : undefined });
    session = s;
    let lastError: string | null = null;
    s.on(config.tls ? 'secureConnect' : 'connect', () => {
      const bind = role === 'transmitter' ? s.bind_transmitter : s.bind_transceiver;
      bind.call(s, { system_id: config.systemId, password: config.password, system_type: config.systemType, interface_version: 0x34 }, (pdu) => {
        if (s !== session) return;
        if (pdu.command_status !== 0) {
          lastError = describeBindRefusal(pdu.command_status);
          s.destroy();
          return;
        }
        failures = 0;
        boundAt = clock();
        lastEnquireAt = boundAt;
        enquireSentAt = null;
        if (reason) log(`SMS resumed: bound to ${target} as ${config.systemId}`);
        setState('bound', null);
        pump();
      });
    });
    s.on('error', (error: NodeJS.ErrnoException) => {
      lastError ??= error.code ? `the SMSC cannot be reached (${error.code})` : `the SMPP connection failed: ${error.message}`;
    });
    s.on('close', () => lost(s, lastError));
    // Answers to the receipts of one read leave in one write (with any submits it frees), not one each.
    let held = false;
    const answer = (pdu: PDU) => {
      if (!held) {
        held = true;
        s.socket.cork();
        setImmediate(() => {
          held = false;
          s.socket.uncork();
        });
      }
      s.send(pdu.response());
    };
    s.on('deliver_sm', (pdu: PDU) => {
      answer(pdu);
      delivered(pdu);
    });
    s.on('enquire_link', (pdu: PDU) => answer(pdu));
    s.on('unbind', (pdu: PDU) => {
      s.send(pdu.response());
      lastError = 'the SMSC unbound the session';
      s.close();
    });
  }

  /** The connection closed: unanswered segments go again first (the SMSC may or may not have taken them). */
  function lost(s: Session, lastError: string | null): void {
    if (s !== session) return;
    session = null;
    const wasBound = state === 'bound';
    const unanswered = [...inFlight.values()].filter((p) => !p.out.done);
    inFlight.clear();
    enquireSentAt = null;
    queue.unshift(...unanswered);
    if (state === 'closed') return;
    const quick = clock() - boundAt < STABLE_SESSION_MS;
    if (wasBound && !(quick && lastDropQuick)) {
      lastDropQuick = quick;
      counts.reconnects += 1;
      log(`SMPP connection to ${target} lost${unanswered.length ? ` with ${unanswered.length} segment(s) unanswered` : ''}; reconnecting`, 'warn');
      connect();
      return;
    }
    failures += 1;
    const why = lastError ?? (wasBound ? 'the SMSC keeps dropping the connection' : 'the SMSC closed the connection before the bind');
    const wait = backoffMs(failures, RECONNECT_BACKOFF);
    if (state !== 'down') log(`SMS paused: ${why}; trying ${target} again in ${Math.round(wait / 1000)} s`, 'error');
    setState('down', why);
    settleAll({ kind: 'down', reason: why });
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      counts.reconnects += 1;
      connect();
    }, wait);
    reconnectTimer.unref?.();
  }

  /** A deliver_sm (already answered): a delivery receipt, or a reply from a phone. */
  function delivered(pdu: PDU): void {
    const text = textOf(pdu.message_payload) ?? textOf(pdu.short_message) ?? '';
    try {
      if (isReceiptEsmClass(Number(pdu.esm_class ?? 0))) {
        const receipt = receiptOf({ text, receiptedMessageId: typeof pdu.receipted_message_id === 'string' ? pdu.receipted_message_id : undefined, messageState: typeof pdu.message_state === 'number' ? pdu.message_state : undefined }, new Date(clock()));
        if (!receipt) return log('a delivery receipt without a message id was ignored', 'warn');
        counts.receipts += 1;
        for (const l of receiptListeners) l(receipt);
        return;
      }
      const source = String(pdu.source_addr ?? '');
      counts.inbound += 1;
      const inbound: SmsInbound = { from: pdu.source_addr_ton === 1 && !source.startsWith('+') ? `+${source}` : source, to: String(pdu.destination_addr ?? ''), text };
      for (const l of inboundListeners) l(inbound);
    } catch (error) {
      log(`an SMS receipt or reply listener failed: ${(error as Error).message}`, 'error');
    }
  }

  let pumpQueued = false;
  /** Once per turn of the event loop however many answers or sends asked for it. */
  function schedulePump(): void {
    if (pumpQueued) return;
    pumpQueued = true;
    queueMicrotask(() => {
      pumpQueued = false;
      pump();
    });
  }

  /** Sends queued segments while the session is bound, the window has room and the pace allows. */
  function pump(): void {
    if (pumpTimer || state !== 'bound' || !session) return;
    const s = session;
    // Several segments at once leave in one write (one system call) rather than one each.
    const batch = queue.length > 1 && config.window - inFlight.size > 1;
    if (batch) s.socket.cork();
    try {
      fill(s);
    } finally {
      if (batch) s.socket.uncork();
    }
  }

  function fill(s: Session): void {
    while (queue.length > 0 && inFlight.size < config.window) {
      const part = queue[0]!;
      if (part.out.done) {
        queue.shift();
        continue;
      }
      const wait = pace.take(clock());
      if (wait > 0) {
        pumpTimer = setTimeout(() => {
          pumpTimer = null;
          pump();
        }, wait);
        return;
      }
      queue.shift();
      if (!submit(s, part)) return;
    }
  }

  /** False when the socket no longer takes writes: the segment is back in line and its close will follow. */
  function submit(s: Session, part: Part): boolean {
    part.sentAt = clock();
    counts.submitted += 1;
    const pdu = part.pdu;
    pdu.sequence_number = 0;
    const written = s.send(pdu, (resp) => {
      if (s !== session || inFlight.get(resp.sequence_number) !== part) return;
      inFlight.delete(resp.sequence_number);
      answered(part, resp);
      schedulePump();
    });
    if (written) inFlight.set(pdu.sequence_number, part);
    else queue.unshift(part);
    return written;
  }

  function answered(part: Part, resp: PDU): void {
    const out = part.out;
    if (out.done) return;
    const now = clock();
    const status = resp.command_status;
    const verdict = classifySubmitStatus(status);
    if (verdict === 'accepted') {
      pace.accepted(now);
      out.ids[part.index] = String(resp.message_id ?? '');
      out.left -= 1;
      if (out.left === 0) settle(out, { kind: 'accepted', messageIds: out.ids, encoding: out.encoding, segments: out.ids.length });
      return;
    }
    const why = `the SMSC answered ${commandStatusName(status)}`;
    if (verdict === 'throttled') {
      counts.throttled += 1;
      pace.throttled(now, part.sentAt);
      out.firstThrottledAt ??= now;
      if (now - out.firstThrottledAt > THROTTLE_GIVE_UP_MS) return settle(out, { kind: 'retry', reason: `${why} for over ${THROTTLE_GIVE_UP_MS / 1000} s`, retryAfterMs: THROTTLE_GIVE_UP_MS });
      queue.unshift(part);
      return;
    }
    if (verdict === 'failed') return settle(out, { kind: 'failed', reason: why });
    if (verdict === 'retry') return settle(out, { kind: 'retry', reason: why });
    settle(out, { kind: 'down', reason: why });
    // Not bound after all (ESME_RINVBNDSTS): start a fresh session.
    if (status === smpp.errors.ESME_RINVBNDSTS) session?.destroy();
  }

  /** Once a second: a submit or keepalive unanswered too long means a dead line; a bound session sends its keepalive. */
  function watch(): void {
    const now = clock();
    const limit = config.responseTimeoutSeconds * 1000;
    if (state === 'connecting' && session && now - attemptStartedAt > limit) return session.destroy();
    if (state !== 'bound' || !session) return;
    const oldest = inFlight.values().next().value;
    if ((oldest && now - oldest.sentAt > limit) || (enquireSentAt !== null && now - enquireSentAt > limit)) {
      log(`the SMSC at ${target} stopped answering; reconnecting`, 'warn');
      return session.destroy();
    }
    if (enquireSentAt === null && now - lastEnquireAt >= config.enquireLinkSeconds * 1000) {
      const s = session;
      enquireSentAt = now;
      lastEnquireAt = now;
      s.enquire_link({}, () => {
        if (s === session) enquireSentAt = null;
      });
    }
  }

  const watchdog = setInterval(watch, 1000);
  watchdog.unref?.();
  connect();

  return {
    send(message) {
      // Not async: a notice fans out to many numbers, and each promise layer costs every message.
      const checked = checkMessage(message, config.senderId);
      if ('refused' in checked) return Promise.resolve(checked.refused);
      if (state === 'closed') return Promise.resolve({ kind: 'down', reason: 'the SMS sender is closed' });
      if (state === 'down') return Promise.resolve({ kind: 'down', reason: reason ?? 'the SMSC cannot be reached' });
      const sender = checked.sender;
      let encoded;
      try {
        reference = (reference + 1) & 0xff;
        encoded = encodeSms(message.text, reference);
      } catch (error) {
        return Promise.resolve({ kind: 'failed', reason: (error as Error).message });
      }
      return new Promise<SmsOutcome>((resolve) => {
        const out: Outgoing = { encoding: encoded.encoding, ids: [], left: encoded.parts.length, firstThrottledAt: null, done: false, resolve };
        waiting.add(out);
        encoded.parts.forEach((shortMessage, index) => {
          const pdu = new SubmitPdu(
            encodeSubmitSm({
              sourceTon: sender?.ton ?? 0,
              sourceNpi: sender?.npi ?? 0,
              sourceAddr: sender?.address ?? '',
              destTon: 1,
              destNpi: 1,
              destinationAddr: message.to.slice(1),
              esmClass: encoded.parts.length > 1 ? UDH_INDICATOR : 0,
              registeredDelivery: config.receipts && role === 'transceiver' ? 1 : 0,
              dataCoding: encoded.dataCoding,
              shortMessage,
            }),
          );
          queue.push({ out, index, sentAt: 0, pdu });
        });
        schedulePump();
      });
    },
    onReceipt(listener) {
      receiptListeners.push(listener);
    },
    onInbound(listener) {
      inboundListeners.push(listener);
    },
    status() {
      return { mode: 'smpp', state, since, reason, target, window: config.window, inFlight: inFlight.size, queued: queue.length, slowedTo: pace.slowedTo, counts: { ...counts } };
    },
    async close() {
      if (state === 'closed') return;
      const s = session;
      const wasBound = state === 'bound';
      queue.length = 0;
      // Segments already handed over get their answers (briefly) so their messages settle truthfully.
      const deadline = clock() + Math.min(5_000, config.responseTimeoutSeconds * 1000);
      while (inFlight.size > 0 && clock() < deadline && session === s) await new Promise((r) => setTimeout(r, 20));
      setState('closed', null);
      for (const t of [pumpTimer, reconnectTimer]) if (t) clearTimeout(t);
      clearInterval(watchdog);
      settleAll({ kind: 'retry', reason: 'the SMS sender is closing' });
      if (s && wasBound)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 1_000);
          s.unbind({}, () => {
            clearTimeout(timer);
            resolve();
          });
        });
      if (s && !s.socket.destroyed) await new Promise<void>((resolve) => s.destroy(() => resolve()));
      session = null;
      log(`SMPP session to ${target} closed`);
    },
  };
}

function textOf(value: unknown): string | undefined {
  const m = value as ShortMessage | string | Buffer | undefined | null;
  if (m === undefined || m === null) return undefined;
  if (typeof m === 'string') return m;
  if (Buffer.isBuffer(m)) return m.toString('latin1');
  return typeof m.message === 'string' ? m.message : m.message.toString('latin1');
}
