import type { BackgroundService } from '@/lib/server/runtime/services';
import type { Env } from '@/lib/server/env';
import { closeTransport, ensureLocalSink, mailTransport } from '@/lib/mail/transport';
import { mailboxDir } from '@/lib/server/paths';
import { startWorker } from './worker';
import { logger } from '@/lib/server/log/logger';

/** WEBHOOKS_ALLOW_PRIVATE lifts the SSRF guard: said loudly at every start, since it must never be on by accident. */
export function warnIfWebhooksAllowPrivate(env: Env): void {
  if (!env.webhooksAllowPrivate) return;
  logger('worker').warn('WEBHOOKS_ALLOW_PRIVATE=1: webhook and chat endpoints may be plain http and may point inside this network (loopback, private, link-local, metadata addresses). Use this only for tests or a closed network.');
}

/** The mail transport, and without SMTP_URL the local sink whose messages the console shows. */
export const mailService: BackgroundService = {
  name: 'mail',
  enabled: () => true,
  async start(env) {
    warnIfWebhooksAllowPrivate(env);
    if (!env.smtpUrl) {
      const sink = await ensureLocalSink();
      logger('mail').info(`Mail: no SMTP_URL, so mail goes to a local sink on 127.0.0.1:${sink.port}; read it in the console's Mailbox (${mailboxDir()}).`);
    }
    await mailTransport();
    return { stop: closeTransport };
  },
};

/** The delivery worker inside `candor start` (on by default; CANDOR_WORKER=off leaves it to `candor worker` processes). */
export const workerService: BackgroundService = {
  name: 'delivery worker',
  enabled: (env) => env.inProcessWorker,
  async start(env) {
    const worker = await startWorker({ singleWorker: env.databaseKind === 'sqlite' });
    return { stop: () => worker.stop() };
  },
};
