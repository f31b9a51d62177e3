// What an SMTP failure means, decided in one place for every sender (notices and Candor's own
// mail). Pure: it reads the fields Nodemailer puts on its errors (code, command, response,
// responseCode) and the reply's RFC 3463 enhanced status code; nothing else.

/** The step the failure answered. 'connect' is the connection itself: opening it, or losing it at any point. */
export type SmtpStage = 'connect' | 'tls' | 'auth' | 'mail_from' | 'rcpt_to' | 'data' | 'after_data' | 'local';

export const SMTP_CLASSES = ['transport_down', 'recipient_unknown', 'policy', 'rejected', 'try_later'] as const;
/**
 * transport_down: nothing can go out (no connection, TLS, login, sender refused, 421): pause all sending, charge nobody.
 * recipient_unknown: the mailbox does not exist: fail and suppress. policy: refused for policy or reputation: fail,
 * keep the address. rejected: refused for good for another reason (too big, content): fail, keep the address.
 * try_later: a temporary refusal, or anything not understood: retry with backoff up to the attempt limit.
 */
export type SmtpClass = (typeof SMTP_CLASSES)[number];

export interface SmtpVerdict {
  class: SmtpClass;
  stage: SmtpStage;
  /** The reply code, when the server answered one. */
  code: number | null;
  /** The RFC 3463 code that follows it (5.7.8), when there is one. */
  enhanced: string | null;
  /** Nodemailer's error code, or the system's under it (ECONNREFUSED rather than ESOCKET). */
  error: string | null;
  /** One line for people and the lastError column: the reply, or the error. */
  reason: string;
}

/** The fields Nodemailer sets on an SMTP error (smtp-connection _formatError). */
export interface SmtpErrorLike {
  code?: string;
  originalCode?: string;
  command?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

const CONNECTION_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'EPROTOCOL', 'EPROXY', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const AUTH_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2']);
const TLS_CODES = new Set(['ETLS', 'EREQUIRETLS']);

/** The step, from Nodemailer's `command` (the SMTP command in flight) and `code`. */
export function smtpStageOf(error: SmtpErrorLike): SmtpStage {
  const command = (error.command ?? '').toUpperCase();
  const code = error.code ?? '';
  if (AUTH_CODES.has(code) || command.startsWith('AUTH')) return 'auth';
  if (TLS_CODES.has(code) || command === 'STARTTLS') return 'tls';
  if (command === 'MAIL FROM') return 'mail_from';
  if (command === 'RCPT TO') return 'rcpt_to';
  // A refused DATA command is EENVELOPE; a refusal of the message once sent is EMESSAGE.
  if (command === 'DATA') return code === 'EMESSAGE' ? 'after_data' : 'data';
  if (CONNECTION_CODES.has(code) || ['CONN', 'EHLO', 'HELO', 'LHLO', 'RSET'].includes(command)) return 'connect';
  // Refused by Nodemailer before anything was sent (bad address, empty message, stream error).
  return 'local';
}

const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})$/;
/** The reply code and the enhanced code right after it ("550-5.1.1 ..." or "550 5.1.1 ..."); nowhere else in the text. */
export function parseReply(response: string | undefined): { code: number | null; enhanced: string | null } {
  const m = /^(\d{3})(?:[ -]+(\S+))?/.exec((response ?? '').trimStart());
  if (!m) return { code: null, enhanced: null };
  return { code: Number(m[1]), enhanced: m[2] && ENHANCED.test(m[2]) ? m[2] : null };
}

/** Blocklists, spam filters, sender authentication, relaying refused: the sender's reputation or setup, not the address. */
const POLICY_WORDING = /block(ed|list)|black ?list|dnsbl|\brbl\b|spamhaus|barracuda|spamcop|\bspam\b|reputation|\bpolicy\b|\bspf\b|\bdkim\b|\bdmarc\b|not (authori[sz]ed|permitted)|relay(ing)? (access )?(denied|not permitted|prohibited)|rcpthosts|\bdenied\b/i;

/** A transport failure in words for the console ("the relay refused our login"). */
export function describeStage(stage: SmtpStage, code: number | null, error: string | null = null): string {
  if (code === 421) return 'the relay is closing connections';
  if (stage === 'connect' && error === 'ETIMEDOUT') return 'the relay stopped answering';
  if (stage === 'connect' && error === 'EPROTOCOL') return 'the relay answered something that is not SMTP';
  if (stage === 'connect' && (error === 'ECONNECTION' || error === 'ECONNRESET' || error === 'EPIPE')) return 'the relay dropped the connection';
  switch (stage) {
    case 'auth':
      return 'the relay refused our login';
    case 'tls':
      return 'the TLS handshake with the relay failed';
    case 'mail_from':
      return 'the relay refused our sender address';
    case 'connect':
      return 'the relay cannot be reached';
    default:
      return 'the relay refused to take mail';
  }
}

export function classifySmtpError(error: SmtpErrorLike): SmtpVerdict {
  const stage = smtpStageOf(error);
  const reply = parseReply(error.response);
  const code = reply.code ?? (typeof error.responseCode === 'number' ? error.responseCode : null);
  const reason = (error.response ?? error.message ?? String(error)).replace(/\s+/g, ' ').trim().slice(0, 500);
  const errorCode = error.originalCode ?? error.code ?? null;
  const verdict = (cls: SmtpClass): SmtpVerdict => ({ class: cls, stage, code, enhanced: reply.enhanced, error: errorCode, reason });

  if (code === 421) return verdict('transport_down');
  if (stage === 'connect' || stage === 'tls' || stage === 'auth') return verdict('transport_down');
  // Our own size check against the server's SIZE limit, not the server refusing our sender.
  if (stage === 'mail_from') return verdict(code === null && error.code === 'EMESSAGE' ? 'rejected' : 'transport_down');
  if (stage === 'local' || code === null) return verdict('try_later');
  return verdict(classifyReply(stage, code, reply.enhanced, reason));
}

/** The 5xx replies RFC 5321, 4954, 7504 and 7505 define; any other code is not understood. */
const KNOWN_5XX = new Set([500, 501, 502, 504, 521, 530, 534, 535, 538, 550, 551, 552, 553, 554, 555, 556]);

/** A reply to RCPT TO, DATA or the message itself. Anything not understood is "try later", never "suppress". */
export function classifyReply(stage: SmtpStage, code: number, enhanced: string | null, text: string): SmtpClass {
  // 503 (bad sequence) says the session was confused, not that the message was refused.
  if (!KNOWN_5XX.has(code)) return 'try_later';
  if (enhanced) {
    const [cls, subject, detail] = enhanced.split('.').map(Number) as [number, number, number];
    // A 5xx reply with a 4.x.x code (or the reverse) contradicts itself: do nothing that cannot be undone.
    if (cls !== 5) return 'try_later';
    if (subject === 7) return 'policy';
    if (subject === 1) return detail === 7 || detail === 8 ? 'policy' : POLICY_WORDING.test(text) ? 'policy' : 'recipient_unknown';
    if (subject === 2) return detail === 1 ? 'recipient_unknown' : detail === 2 ? 'try_later' : 'rejected';
    return POLICY_WORDING.test(text) ? 'policy' : 'rejected';
  }
  if (POLICY_WORDING.test(text)) return 'policy';
  if (stage === 'rcpt_to') {
    if (code === 550 || code === 551 || code === 553) return 'recipient_unknown';
    // RFC 5321 4.5.3.1.10: 552 at RCPT is the old "too many recipients", to be read as 452.
    if (code === 552) return 'try_later';
  }
  return 'rejected';
}

/**
 * A reply that asks us to slow down for these recipients (the shaper's signal): 421/450/451/452, or
 * an enhanced 4.7.x, 4.3.x or 4.4.5, in answer to RCPT TO or DATA. Read from the same fields as the verdict.
 */
export function isSlowDown(error: SmtpErrorLike): boolean {
  const code = error.responseCode;
  if (typeof code !== 'number' || code < 400 || code >= 500) return false;
  if (error.command !== undefined && error.command !== 'RCPT TO' && error.command !== 'DATA') return false;
  if ([421, 450, 451, 452].includes(code)) return true;
  const [cls, subject, detail] = (parseReply(error.response).enhanced ?? '').split('.').map(Number);
  return cls === 4 && (subject === 7 || subject === 3 || (subject === 4 && detail === 5));
}
