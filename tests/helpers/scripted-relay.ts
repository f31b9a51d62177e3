import { createServer, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

// Two SMTP servers on loopback for delivery tests. The scripted relay is smtp-server answering
// each stage (AUTH, MAIL FROM, RCPT TO, after DATA) the way real relays do, enhanced codes written
// by the script; the raw relay speaks SMTP by hand so it can answer garbage, hang or hang up.

export interface Reply {
  code: number;
  text: string;
}

export interface RelayScript {
  auth?: (user: string, pass: string) => Reply | undefined;
  mailFrom?: (address: string) => Reply | undefined;
  /** Answers MAIL FROM this late (a relay checking the sender's reputation takes its time). */
  mailFromDelayMs?: number;
  rcptTo?: (address: string) => Reply | undefined;
  /** After the message: refuse it with a reply. */
  data?: (to: string[]) => Reply | undefined;
}

export interface ScriptedRelay {
  port: number;
  script: RelayScript;
  /** Accepted messages, by recipient. */
  received: string[];
  /** Accepted messages, whole (headers and body as sent). */
  messages: { to: string[]; raw: string }[];
  logins: number;
  stop(): Promise<void>;
}

const refusal = (r: Reply) => Object.assign(new Error(r.text), { responseCode: r.code });

export async function startScriptedRelay(script: RelayScript = {}): Promise<ScriptedRelay> {
  const relay: ScriptedRelay = { port: 0, script, received: [], messages: [], logins: 0, stop: async () => undefined };
  const server = new SMTPServer({
    name: 'relay.test',
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    hideENHANCEDSTATUSCODES: true,
    logger: false,
    onAuth(auth, _session, callback) {
      relay.logins += 1;
      const r = relay.script.auth?.(auth.username ?? '', auth.password ?? '');
      if (r) callback(refusal(r));
      else callback(null, { user: auth.username });
    },
    onMailFrom(address, _session, callback) {
      const r = relay.script.mailFrom?.(address.address);
      const answer = () => callback(r ? refusal(r) : undefined);
      if (relay.script.mailFromDelayMs) setTimeout(answer, relay.script.mailFromDelayMs);
      else answer();
    },
    onRcptTo(address, _session, callback) {
      const r = relay.script.rcptTo?.(address.address);
      callback(r ? refusal(r) : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        const r = relay.script.data?.(to);
        if (r) return callback(refusal(r));
        relay.received.push(...to);
        relay.messages.push({ to, raw: Buffer.concat(chunks).toString('utf8') });
        callback(null, '2.0.0 Queued');
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  relay.port = typeof address === 'object' && address ? address.port : 0;
  relay.stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return relay;
}

export type RawBehaviour = 'ok' | 'garbage' | 'drop' | 'hang';

export interface RawRelay {
  port: number;
  received: string[];
  /** Every message the relay was handed (each try), by recipient. */
  tries: string[];
  stop(): Promise<void>;
}

/** A relay without AUTH or PIPELINING that treats each message as `behave(recipient)` says. */
export async function startRawRelay(behave: (to: string) => RawBehaviour): Promise<RawRelay> {
  const relay: RawRelay = { port: 0, received: [], tries: [], stop: async () => undefined };
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = '';
    let inData = false;
    let rcpt = '';
    let behaviour: RawBehaviour = 'ok';
    const say = (line: string) => socket.write(`${line}\r\n`);
    say('220 raw.test ESMTP');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      if (inData) {
        if (behaviour === 'drop') return void socket.destroy();
        const end = buffer.indexOf('\r\n.\r\n');
        if (end < 0) return;
        buffer = buffer.slice(end + 5);
        inData = false;
        if (behaviour === 'hang') return;
        if (behaviour === 'garbage') return say('Hello, this is not SMTP at all');
        relay.received.push(rcpt);
        say('250 2.0.0 queued');
      }
      for (let i = buffer.indexOf('\r\n'); i >= 0 && !inData; i = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') say('250 raw.test');
        else if (verb === 'RCPT') {
          rcpt = /<([^>]*)>/.exec(line)?.[1] ?? '';
          say('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          behaviour = behave(rcpt);
          relay.tries.push(rcpt);
          inData = true;
          say('354 go ahead');
        } else if (verb === 'QUIT') {
          say('221 bye');
          socket.end();
        } else say('250 ok');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  relay.port = typeof address === 'object' && address ? address.port : 0;
  relay.stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return relay;
}
