import { listSmsOutbox, type OutboxSms } from '@/lib/channels/sms/outbox';
import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { env } from '../env';
import { smsOutboxDir } from '../paths';

export const SMS_OUTBOX_PAGE_SIZE = 50;

/** The console's SMS outbox: the texts the local outbox kept (SMS_URL unset); responders and admins, as the Mailbox. */
export async function listSmsOutboxFor({ actor, page, dir }: { actor: Actor; page: number; dir?: string }): Promise<{ total: number; pages: number; messages: OutboxSms[]; usingLocalOutbox: boolean }> {
  assertRole(actor, 'responder');
  const box = listSmsOutbox(dir ?? smsOutboxDir(), { offset: (page - 1) * SMS_OUTBOX_PAGE_SIZE, limit: SMS_OUTBOX_PAGE_SIZE });
  return { ...box, pages: Math.max(1, Math.ceil(box.total / SMS_OUTBOX_PAGE_SIZE)), usingLocalOutbox: env().sms === undefined };
}
