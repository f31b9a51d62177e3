import { listMailbox, type MailboxSummary } from '@/lib/mail/mailbox';
import { hasRole, type Actor } from '../actor';
import { assertRole } from '../auth/assert-role';

export const MAILBOX_PAGE_SIZE = 50;

/**
 * The console's Mailbox: responders see the mail subscribers got (notices, confirmations, manage
 * links); admins also see staff mail, redacted; viewers see nothing.
 */
export async function listMailboxFor({ actor, page, dir }: { actor: Actor; page: number; dir?: string }): Promise<{ total: number; pages: number; messages: MailboxSummary[] }> {
  assertRole(actor, 'responder');
  const box = await listMailbox({ audience: hasRole(actor, 'admin') ? 'all' : 'subscriber', dir, offset: (page - 1) * MAILBOX_PAGE_SIZE, limit: MAILBOX_PAGE_SIZE });
  return { ...box, pages: Math.max(1, Math.ceil(box.total / MAILBOX_PAGE_SIZE)) };
}
