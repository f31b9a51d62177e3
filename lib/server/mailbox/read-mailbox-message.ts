import { readMailboxMessage, type MailboxMessage } from '@/lib/mail/mailbox';
import { hasRole, type Actor } from '../actor';
import { assertRole } from '../auth/assert-role';

/** One message of the Mailbox; null (a 404) when it does not exist or is staff mail and the actor is no admin. */
export async function readMailboxMessageFor({ actor, id, dir }: { actor: Actor; id: string; dir?: string }): Promise<MailboxMessage | null> {
  assertRole(actor, 'responder');
  return readMailboxMessage(id, { audience: hasRole(actor, 'admin') ? 'all' : 'subscriber', dir });
}
