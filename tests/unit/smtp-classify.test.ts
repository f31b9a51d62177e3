import { describe, expect, it } from 'vitest';
import { classifySmtpError, parseReply, SMTP_CLASSES, smtpStageOf, type SmtpClass, type SmtpErrorLike } from '@/lib/mail/smtp-classify';
import { TransportGate } from '@/lib/jobs/transport-gate';

// The errors below carry the fields Nodemailer's smtp-connection sets (_formatError): code, command,
// response, responseCode, and originalCode for a system error. The integration test
// (smtp-outcomes) produces the same errors from a real server.

const reply = (command: string, response: string, code = command === 'DATA+' ? 'EMESSAGE' : 'EENVELOPE'): SmtpErrorLike => ({
  code,
  command: command === 'DATA+' ? 'DATA' : command,
  response,
  responseCode: Number(response.slice(0, 3)) || undefined,
  message: `failed: ${response}`,
});

const cases: [string, SmtpErrorLike, SmtpClass][] = [
  ['connection refused', { code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN', message: 'connect ECONNREFUSED 127.0.0.1:1' }, 'transport_down'],
  ['connection dropped', { code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly' }, 'transport_down'],
  ['socket timeout after DATA', { code: 'ETIMEDOUT', command: 'CONN', message: 'Timeout' }, 'transport_down'],
  ['garbage greeting', { code: 'EPROTOCOL', command: 'CONN', response: 'HELLO THERE', message: 'Invalid greeting' }, 'transport_down'],
  ['TLS failure', { code: 'ETLS', command: 'STARTTLS', response: '454 4.7.0 TLS not available', responseCode: 454 }, 'transport_down'],
  ['login refused', { code: 'EAUTH', command: 'AUTH PLAIN', response: '535 5.7.8 Authentication credentials invalid', responseCode: 535 }, 'transport_down'],
  ['login refused, temporary', { code: 'EAUTH', command: 'AUTH LOGIN', response: '454 4.7.0 Temporary authentication failure', responseCode: 454 }, 'transport_down'],
  ['sender refused', reply('MAIL FROM', '553 5.7.1 Sender address rejected: not owned by user'), 'transport_down'],
  ['sender refused, 451', reply('MAIL FROM', '451 4.3.0 try again'), 'transport_down'],
  ['421 at RCPT', reply('RCPT TO', '421 4.7.0 Too many connections, closing'), 'transport_down'],
  ['421 after DATA', reply('DATA+', '421 4.4.2 closing'), 'transport_down'],
  ['5.1.1 at RCPT', reply('RCPT TO', '550 5.1.1 <x@example.com>: Recipient address rejected: User unknown'), 'recipient_unknown'],
  ['plain 550 at RCPT', reply('RCPT TO', '550 Requested action not taken: mailbox unavailable'), 'recipient_unknown'],
  ['plain 551 at RCPT', reply('RCPT TO', '551 User not local'), 'recipient_unknown'],
  ['plain 553 at RCPT', reply('RCPT TO', '553 mailbox name not allowed'), 'recipient_unknown'],
  ['5.2.1 disabled mailbox', reply('RCPT TO', '550 5.2.1 The email account that you tried to reach is disabled'), 'recipient_unknown'],
  ['5.1.10 null MX', reply('RCPT TO', '556 5.1.10 Recipient address has null MX'), 'recipient_unknown'],
  ['blocklist 5.7.1 at RCPT', reply('RCPT TO', '550 5.7.1 Service unavailable; client [192.0.2.1] blocked using zen.spamhaus.org'), 'policy'],
  ['blocklist without enhanced code', reply('RCPT TO', '550 Service unavailable; client [192.0.2.1] blocked using bl.spamcop.net'), 'policy'],
  ['relay denied', reply('RCPT TO', '554 Relay access denied'), 'policy'],
  ['qmail rcpthosts', reply('RCPT TO', "553 sorry, that domain isn't in my list of allowed rcpthosts"), 'policy'],
  ['5.1.1 with blocklist wording', reply('RCPT TO', '550 5.1.1 blocked by policy'), 'policy'],
  ['5.1.8 bad sender domain', reply('RCPT TO', "553 5.1.8 Sender address rejected: Domain not found"), 'policy'],
  ['5.7.26 DMARC after DATA', reply('DATA+', '550 5.7.26 Unauthenticated email is not accepted from this domain'), 'policy'],
  ['554 5.7.1 spam after DATA', reply('DATA+', '554 5.7.1 Message rejected as spam'), 'policy'],
  ['5.1.1 after DATA', reply('DATA+', '550 5.1.1 no such user'), 'recipient_unknown'],
  ['plain 550 after DATA', reply('DATA+', '550 message refused'), 'rejected'],
  ['too big', reply('DATA+', '552 5.3.4 Message size exceeds fixed limit'), 'rejected'],
  ['content', reply('DATA+', '554 5.6.0 Message content rejected'), 'rejected'],
  ['mailbox full', reply('RCPT TO', '552 5.2.2 mailbox full'), 'try_later'],
  ['552 at RCPT: too many recipients (RFC 5321 4.5.3.1.10)', reply('RCPT TO', '552 Too many recipients'), 'try_later'],
  ['greylisting', reply('RCPT TO', '450 4.2.0 Greylisted, please try again in 300 seconds'), 'try_later'],
  ['451 at DATA', reply('DATA', '451 4.3.0 Local error in processing'), 'try_later'],
  ['452 too many recipients', reply('RCPT TO', '452 4.5.3 Too many recipients'), 'try_later'],
  ['451 after DATA', reply('DATA+', '451 4.7.1 Please try again later'), 'try_later'],
  ['503 bad sequence', reply('RCPT TO', '503 5.5.1 Bad sequence of commands'), 'try_later'],
  ['5xx with a 4.x.x code contradicts itself', reply('RCPT TO', '550 4.1.1 maybe'), 'try_later'],
  ['unknown reply code', reply('RCPT TO', '600 6.1.1 what is this'), 'try_later'],
  ['unknown 5xx code, even with 5.1.1', reply('RCPT TO', '599 5.1.1 no such user'), 'try_later'],
  ['garbage reply at RCPT', reply('RCPT TO', 'HELLO? 5.1.1 no such user'), 'try_later'],
  ['garbage after DATA', reply('DATA+', 'ok whatever'), 'try_later'],
  ['a 250 read as an error', reply('DATA+', '250 2.0.0 ok'), 'try_later'],
  ['refused before sending', { code: 'EENVELOPE', command: 'API', message: 'Invalid recipient "x"' }, 'try_later'],
  ['a plain Error', { message: 'something broke' }, 'try_later'],
];

describe('classifySmtpError', () => {
  it.each(cases)('%s', (_name, error, expected) => {
    expect(classifySmtpError(error).class).toBe(expected);
  });

  it('reaches every class from the table (the list is the source of truth)', () => {
    expect(new Set(cases.map(([, , c]) => c))).toEqual(new Set(SMTP_CLASSES));
  });

  it('reads the stage from Nodemailer command and code, never from the text', () => {
    expect(smtpStageOf({ code: 'EMESSAGE', command: 'DATA' })).toBe('after_data');
    expect(smtpStageOf({ code: 'EENVELOPE', command: 'DATA' })).toBe('data');
    expect(smtpStageOf({ code: 'EAUTH', command: 'API', message: 'Missing credentials for "PLAIN"' })).toBe('auth');
    expect(smtpStageOf({ code: 'EENVELOPE', command: 'RCPT TO', message: 'AUTH MAIL FROM' })).toBe('rcpt_to');
    expect(smtpStageOf({ code: 'ETIMEDOUT', command: 'CONN' })).toBe('connect');
    expect(smtpStageOf({ code: 'EENVELOPE', command: 'API' })).toBe('local');
  });

  it('takes the enhanced code only right after the reply code, on either line form', () => {
    expect(parseReply('550-5.1.1 The email account does not exist\n550 5.1.1 more')).toEqual({ code: 550, enhanced: '5.1.1' });
    expect(parseReply('550 blocked 5.1.10.2 is listed')).toEqual({ code: 550, enhanced: null });
    expect(parseReply('garbage')).toEqual({ code: null, enhanced: null });
    expect(classifySmtpError(reply('RCPT TO', '554 client 5.1.1.9 listed on a blocklist')).class).toBe('policy');
  });

  it('keeps the reply as the reason, on one line', () => {
    const v = classifySmtpError({ code: 'EAUTH', command: 'AUTH PLAIN', response: '535 5.7.8 Authentication\r\n credentials invalid', responseCode: 535 });
    expect(v).toMatchObject({ class: 'transport_down', stage: 'auth', code: 535, enhanced: '5.7.8', reason: '535 5.7.8 Authentication credentials invalid' });
  });
});

describe('TransportGate', () => {
  const down = classifySmtpError({ code: 'EAUTH', command: 'AUTH PLAIN', response: '535 5.7.8 Authentication credentials invalid', responseCode: 535 });

  it('pauses once, probes with growing waits, keeps the episode until a message handed over after the pause is answered', () => {
    const gate = new TransportGate({ baseMs: 1000, maxMs: 8000 }, () => 1);
    expect(gate.isPaused).toBe(false);
    expect(gate.trip(down, 10_000)).toBe(true);
    expect(gate.trip(down, 10_001)).toBe(false);
    expect(gate.current).toMatchObject({ since: new Date(10_000), reason: 'the relay refused our login (535 5.7.8)', failures: 1 });
    expect(gate.probeIn(10_000)).toBe(1000);
    gate.probeFailed(down, 11_000);
    expect(gate.probeIn(11_000)).toBe(2000);
    gate.probeFailed(down, 13_000);
    gate.probeFailed(down, 17_000);
    gate.probeFailed(down, 25_000);
    expect(gate.probeIn(25_000)).toBe(8000);
    gate.probePassed();
    expect(gate.isPaused).toBe(false);
    // An answer to a message sent before the pause proves nothing; one sent after it ends the episode.
    expect(gate.answered(9_000)).toBe(false);
    expect(gate.current?.since).toEqual(new Date(10_000));
    expect(gate.answered(34_000)).toBe(true);
    expect(gate.current).toBeNull();
  });

  it('a failure after the probe passed pauses again in the same episode; idle ends it only while open', () => {
    const gate = new TransportGate({ baseMs: 1000, maxMs: 60_000 }, () => 1);
    gate.trip(down, 0);
    expect(gate.idle()).toBe(false);
    gate.probePassed();
    expect(gate.trip(down, 5_000)).toBe(true);
    expect(gate.current).toMatchObject({ since: new Date(0), failures: 2 });
    gate.probePassed();
    expect(gate.idle()).toBe(true);
    expect(gate.current).toBeNull();
  });
});
