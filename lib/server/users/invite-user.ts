import { escapeHtml } from '@/lib/domain/escape-html';
import { enqueueMail } from '@/lib/jobs/outbox-mail';
import { wakeWorkers } from '@/lib/jobs/wake';
import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { publicBaseUrl } from '@/lib/mail/send';
import { issuePasswordLink } from '../auth/password-reset';
import { hashPassword, generatePassword } from '../auth/password';
import { writeAudit } from '../audit';
import { parseInput } from '../validate';
import { CreateUserInput, insertUser, type CreatedUser } from './create-user';

/** How long an invitation's set-password link works (a reset link works one hour). */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const InviteUserInput = CreateUserInput.omit({ password: true });

/**
 * Adds a staff member and mails them a one-use link to choose their own password, through the
 * outbox in the same transaction as the account, so nobody has to pass a password on by hand.
 * The account's random password is never shown: until the link is used, nobody can sign in.
 */
export async function inviteUser({ actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }): Promise<CreatedUser> {
  assertRole(actor, 'admin');
  const data = parseInput(InviteUserInput, input);
  const passwordHash = await hashPassword(generatePassword());
  const base = await publicBaseUrl();
  const created = await insertUser(actor, data, passwordHash, true, async (tx, user) => {
    const link = await issuePasswordLink(tx, user.id, INVITATION_TTL_MS, now, base);
    await writeAudit(tx, actor, { action: 'user.invite', objectType: 'user', objectId: user.id, after: { email: user.email } }, now);
    const by = actor.label;
    await enqueueMail(tx, {
      kind: 'staff_invitation',
      to: user.email,
      subject: 'You are invited to the Candor console',
      text: `Hello ${user.name},\n\n${by} added you to the Candor status console.\nOpen this link within 7 days to choose your password and sign in:\n\n${link}\n\nThe link works once. If you did not expect this, ignore this message.\n`,
      html: `<p>Hello ${escapeHtml(user.name)},</p><p>${escapeHtml(by)} added you to the Candor status console. Open this link within 7 days to choose your password and sign in:</p><p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p><p>The link works once. If you did not expect this, ignore this message.</p>`,
    });
  });
  await wakeWorkers('mail');
  return created;
}
