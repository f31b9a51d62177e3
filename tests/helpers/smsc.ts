import smpp, { type PDU, type Session, type ShortMessage } from 'smpp';

// A loopback SMSC for tests and the benchmark, on the `smpp` package's server side. It binds
// transceivers (or refuses them), records every submit_sm and reassembles concatenated ones, answers
// each with a status the script picks (per destination, per call), sends delivery receipts and
// replies from phones, and can drop its connections mid-window.

export interface SubmittedPart {
  to: string;
  from: string;
  sourceTon: number;
  sourceNpi: number;
  dataCoding: number;
  esmClass: number;
  registeredDelivery: number;
  /** This part's text, decoded on its own (a character cut between parts would show here). */
  text: string;
  /** The concatenation header's reference, count and number; null for a single-part message. */
  concat: { ref: number; total: number; seq: number } | null;
  /** The message_id answered; null when refused. */
  messageId: string | null;
  status: number;
}

export interface ReassembledSms {
  to: string;
  from: string;
  text: string;
  parts: SubmittedPart[];
}

/** What the script answers: a command_status; 'drop': take the message, then hang up before answering; 'silent': take it and never answer. */
export type SubmitAnswer = number | 'drop' | 'silent';

export interface SmscOptions {
  systemId?: string;
  password?: string;
  /** Answer each submit_sm: undefined = ESME_ROK. `call` counts submits from 1 across the server. */
  onSubmit?: (part: { to: string; text: string; call: number }) => SubmitAnswer | undefined;
  /** Send a DELIVRD receipt for each accepted part that asks for one (after `receiptDelayMs`), to the session that sent it. */
  receipts?: boolean;
  receiptDelayMs?: number;
  /** Refuse every bind with this status (e.g. ESME_RBINDFAIL). */
  refuseBinds?: number;
  /** Keep only counts (the benchmark). */
  countOnly?: boolean;
  /**
   * Which bound session gets each receipt or reply: the first one able to receive (default), or
   * each such session in turn, as SMSCs that spread an account's traffic over its sessions do.
   * A session bound as a transmitter is never sent one.
   */
  deliverTo?: 'first' | 'round-robin';
}

export interface Smsc {
  port: number;
  /** SMS_URL for this SMSC (with the right credentials unless others are given). */
  url(systemId?: string, password?: string, query?: string): string;
  options: SmscOptions;
  parts: SubmittedPart[];
  /** Accepted messages, concatenated parts joined in order once all have arrived. */
  messages: ReassembledSms[];
  /** submit_sm received, answered or not. */
  submits: number;
  binds: number;
  /** unbind PDUs received (a graceful goodbye, as opposed to a dropped socket). */
  unbinds: number;
  /** Bound sessions that ended without an unbind. */
  dropped: number;
  enquireLinks: number;
  /** Receipts and replies the client answered with deliver_sm_resp. */
  deliverResponses: number;
  sessions(): Session[];
  /** How each bound session bound, in the order they did. */
  roles(): ('transceiver' | 'transmitter')[];
  /** A delivery receipt for `messageId` (stat DELIVRD, UNDELIV ...) to the first bound session. */
  sendReceipt(messageId: string, stat?: string, to?: string): Promise<void>;
  /** A reply from a phone (a mobile-originated deliver_sm), in GSM 03.38 (data_coding 0) or UCS-2 (8). */
  sendMo(from: string, text: string, to?: string, dataCoding?: 0 | 8): Promise<void>;
  /** Hang up on every client at once. */
  dropAll(): void;
  stop(): Promise<void>;
}

const textOf = (m: unknown): string => {
  const sm = m as ShortMessage | undefined;
  if (!sm) return '';
  return typeof sm.message === 'string' ? sm.message : sm.message.toString('latin1');
};

function concatOf(sm: ShortMessage | undefined): SubmittedPart['concat'] {
  const ie = sm?.udh?.find((u) => u[0] === 0x00 && u[1] === 3);
  return ie ? { ref: ie[2]!, total: ie[3]!, seq: ie[4]! } : null;
}

export async function startSmsc(options: SmscOptions = {}): Promise<Smsc> {
  const systemId = options.systemId ?? 'candor';
  const password = options.password ?? 'secret';
  const bound = new Set<Session>();
  const roleOf = new WeakMap<Session, 'transceiver' | 'transmitter'>();
  let turn = 0;
  const pending = new Map<string, SubmittedPart[]>();
  let nextId = 0x10000;
  const smsc: Smsc = {
    port: 0,
    options,
    parts: [],
    messages: [],
    submits: 0,
    binds: 0,
    unbinds: 0,
    dropped: 0,
    enquireLinks: 0,
    deliverResponses: 0,
    url: (id = systemId, pass = password, query = '') => `smpp://${encodeURIComponent(id)}:${encodeURIComponent(pass)}@127.0.0.1:${smsc.port}${query ? `?${query}` : ''}`,
    sessions: () => [...bound],
    roles: () => [...bound].map((s) => roleOf.get(s)!),
    sendReceipt: (messageId, stat = 'DELIVRD', to = '') => deliver(receiptFields(messageId, stat, to)),
    sendMo: (from, text, to = '7726', dataCoding = 0) => deliver({ source_addr_ton: 1, source_addr_npi: 1, source_addr: from.replace(/^\+/, ''), destination_addr: to, esm_class: 0, data_coding: dataCoding, short_message: text }),
    dropAll: () => {
      for (const s of server.sessions) s.destroy();
      bound.clear();
    },
    stop: async () => undefined,
  };

  const receiptFields = (messageId: string, stat: string, to: string) => ({
    source_addr: to,
    esm_class: smpp.consts.ESM_CLASS.MC_DELIVERY_RECEIPT,
    short_message: `id:${messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:2611300900 done date:2611300901 stat:${stat} err:${stat === 'DELIVRD' ? '000' : '001'} text:`,
    receipted_message_id: messageId,
  });

  /** To `via` when it is bound to receive (the session that sent the message, for its receipt), else as `deliverTo` says. */
  function deliver(fields: Record<string, unknown>, via?: Session): Promise<void> {
    const receivers = [...bound].filter((b) => roleOf.get(b) === 'transceiver');
    const s = via && receivers.includes(via) ? via : options.deliverTo === 'round-robin' ? receivers[turn++ % Math.max(1, receivers.length)] : receivers[0];
    if (!s) return Promise.reject(new Error('no client is bound to receive'));
    return new Promise((resolve) => {
      s.deliver_sm({ data_coding: 0, ...fields }, () => {
        smsc.deliverResponses += 1;
        resolve();
      });
    });
  }

  function record(part: SubmittedPart): void {
    if (options.countOnly) return;
    smsc.parts.push(part);
    if (part.messageId === null) return;
    if (!part.concat) {
      smsc.messages.push({ to: part.to, from: part.from, text: part.text, parts: [part] });
      return;
    }
    const key = `${part.from}>${part.to}#${part.concat.ref}/${part.concat.total}`;
    const got = (pending.get(key) ?? []).filter((p) => p.concat!.seq !== part.concat!.seq);
    got.push(part);
    if (got.length < part.concat.total) return void pending.set(key, got);
    pending.delete(key);
    got.sort((a, b) => a.concat!.seq - b.concat!.seq);
    smsc.messages.push({ to: part.to, from: part.from, text: got.map((p) => p.text).join(''), parts: got });
  }

  const server = smpp.createServer({}, (session: Session) => {
    session.on('error', () => undefined);
    const bind = (role: 'transceiver' | 'transmitter') => (pdu: PDU) => {
      smsc.binds += 1;
      const status = options.refuseBinds ?? (pdu.system_id === systemId && pdu.password === password ? 0 : smpp.errors.ESME_RINVPASWD!);
      session.send(pdu.response({ command_status: status, system_id: 'loopback-smsc' }));
      if (status === 0) {
        bound.add(session);
        roleOf.set(session, role);
      } else session.close();
    };
    session.on('bind_transceiver', bind('transceiver'));
    session.on('bind_transmitter', bind('transmitter'));
    session.on('close', () => {
      if (bound.delete(session)) smsc.dropped += 1;
    });
    session.on('enquire_link', (pdu: PDU) => {
      smsc.enquireLinks += 1;
      session.send(pdu.response());
    });
    session.on('unbind', (pdu: PDU) => {
      smsc.unbinds += 1;
      session.send(pdu.response());
      bound.delete(session);
      session.close();
    });
    session.on('submit_sm', (pdu: PDU) => {
      smsc.submits += 1;
      const to = `+${String(pdu.destination_addr)}`;
      const text = options.countOnly ? '' : textOf(pdu.short_message);
      const answer: SubmitAnswer = bound.has(session) ? (options.onSubmit?.({ to, text, call: smsc.submits }) ?? 0) : smpp.errors.ESME_RINVBNDSTS!;
      const status = typeof answer === 'number' ? answer : 0;
      const messageId = status === 0 ? (nextId++).toString(16) : null;
      if (answer === 'drop') session.destroy();
      else if (answer !== 'silent') session.send(pdu.response(messageId ? { message_id: messageId } : { command_status: status }));
      record({ to, from: String(pdu.source_addr), sourceTon: Number(pdu.source_addr_ton), sourceNpi: Number(pdu.source_addr_npi), dataCoding: Number(pdu.data_coding), esmClass: Number(pdu.esm_class), registeredDelivery: Number(pdu.registered_delivery), text, concat: concatOf(pdu.short_message as ShortMessage), messageId, status });
      // As a carrier's SMSC: only when the message asked for one, and back to the session that sent it
      // (another client bound with the same account, such as a benchmark's, never gets this one's receipts).
      if (messageId && answer === 0 && options.receipts && (Number(pdu.registered_delivery) & 1) === 1)
        setTimeout(() => void deliver(receiptFields(messageId, 'DELIVRD', to), session).catch(() => undefined), options.receiptDelayMs ?? 0);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  smsc.port = typeof address === 'object' && address ? address.port : 0;
  smsc.stop = () =>
    new Promise<void>((resolve) => {
      smsc.dropAll();
      server.close(() => resolve());
    });
  return smsc;
}
