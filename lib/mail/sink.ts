import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import { keepMessage, secureKeptMail } from './mailbox';
import { logger } from '@/lib/server/log/logger';

// A small SMTP server on loopback. Without SMTP_URL, Candor sends its mail here and the console's
// mailbox page shows it. Tests and the benchmark use the same server to receive real SMTP.

export interface SinkMessage {
  from: string;
  to: string[];
  raw: Buffer;
}

export interface SinkOptions {
  port?: number;
  /** Ports the sink must not take when the system picks one (the ports Candor itself is about to listen on). */
  avoidPorts?: readonly number[];
  /** Where to keep the newest messages (the console's mailbox; staff mail redacted); none: memory only. */
  dir?: string;
  /** Messages kept in memory (newest last); 0 keeps none. */
  keep?: number;
  /** Decide per recipient: return an SMTP reply to refuse it (e.g. { code: 550, message: '5.1.1 no such user' }). */
  onRecipient?: (address: string) => { code: number; message: string } | undefined;
  onMessage?: (message: SinkMessage) => void;
  /** Read the data but skip keeping it (the benchmark counts only). */
  countOnly?: boolean;
}

export interface Sink {
  port: number;
  url: string;
  messages: SinkMessage[];
  count: number;
  stop(): Promise<void>;
}

export async function startSink(options: SinkOptions = {}): Promise<Sink> {
  const keep = options.keep ?? 500;
  if (options.dir && !options.countOnly) await secureKeptMail(options.dir).catch((error: unknown) => logger('mail').warn(`mail sink: could not secure kept mail: ${(error as Error).message}`));
  const sink: Sink = { port: 0, url: '', messages: [], count: 0, stop: async () => undefined };
  const server = new SMTPServer({
    name: 'candor-sink.localhost',
    banner: 'Candor local mail sink',
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    hideSTARTTLS: true,
    size: 25 * 1024 * 1024,
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const refusal = options.onRecipient?.(address.address);
      if (refusal) {
        const error = new Error(refusal.message) as Error & { responseCode: number };
        error.responseCode = refusal.code;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => {
        if (!options.countOnly) chunks.push(c);
      });
      stream.on('end', async () => {
        sink.count += 1;
        const message: SinkMessage = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: options.countOnly ? Buffer.alloc(0) : Buffer.concat(chunks),
        };
        try {
          // Kept before the reply, so a message is in the mailbox by the time its sender hears "Queued".
          if (options.dir && !options.countOnly) await keepMessage(options.dir, message.raw);
        } catch (error) {
          logger('mail').warn(`mail sink: could not keep a message: ${(error as Error).message}`);
        }
        if (keep > 0) {
          sink.messages.push(message);
          if (sink.messages.length > keep) sink.messages.splice(0, sink.messages.length - keep);
        }
        options.onMessage?.(message);
        callback(null, 'Queued');
      });
    },
  });
  server.on('error', () => undefined);
  const listen = () =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  sink.port = await listen();
  // A port the system picked may be one Candor's web server binds a moment later (PORT and METRICS_PORT
  // are often in the ephemeral range on test machines): give it back and take another.
  for (let tries = 0; options.port === undefined && options.avoidPorts?.includes(sink.port); tries++) {
    if (tries === 20) throw new Error(`mail sink: the system kept offering port ${sink.port}, which Candor needs for itself`);
    await new Promise<void>((resolve) => server.server.close(() => resolve()));
    sink.port = await listen();
  }
  sink.url = `smtp://127.0.0.1:${sink.port}`;
  sink.stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Drop open pooled connections at once, the way a crashed or restarted server would.
      for (const conn of (server as unknown as { connections: Set<{ close(): void }> }).connections ?? []) conn.close();
    });
  return sink;
}
