import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { enqueueMail } from '@/lib/jobs/outbox-mail';
import { wakeWorkers } from '@/lib/jobs/wake';
import { escapeHtml } from '@/lib/domain/escape-html';
import { publicBaseUrl } from '@/lib/mail/send';
import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import { db, type Tx } from '../db';
import { hashToken, randomToken } from '../crypto';
import { AppError } from '../errors';
import { reserve } from '../rate-limit/reserve';
import { parseInput } from '../validate';
import { hashPassword } from './password';
import { accountKey } from './throttle';
import { RESET_ACCOUNT_RULE, RESET_IP_RULE } from './throttle-policy';

const RESET_TTL_MS = 60 * 60 * 1000;
/** Every reset request answers after this long, whether or not the address has an account. */
export const RESET_ANSWER_MS = 300;
export const NewPassword = z.string().min(10, 'at least 10 characters').max(200, 'at most 200 characters');

/**
 * Records a one-use link that sets the user's password (a reset or an invitation); returns the link.
 * `base` is read before the transaction: a read on another connection while this one is held would,
 * in a burst, leave every pooled connection waiting for a second one.
 */
export async function issuePasswordLink(tx: Tx, userId: string, ttlMs: number, now: Date, base: string): Promise<string> {
  const token = randomToken(32);
  await tx.passwordReset.create({ data: { tokenHash: hashToken(token), userId, expiresAt: new Date(now.getTime() + ttlMs), createdAt: now } });
  return `${base}/admin/password-reset/${token}`;
}

/** Ends every reset link of a user still outstanding (a new password was set). */
export async function endResetLinks(tx: Tx, userId: string, now: Date): Promise<void> {
  await tx.passwordReset.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
}

/**
 * Mails a one-hour reset link if the address belongs to an active staff member; answers the same
 * way after the same time either way. Limited per IP and per address; the link's base is configured.
 */
export async function requestPasswordReset({ email, ip, now = new Date() }: { email: string; ip?: string; now?: Date }): Promise<void> {
  const address = parseInput(z.object({ email: z.string().trim().toLowerCase().max(254).pipe(z.email('not a valid e-mail address')) }), { email }).email;
  const started = performance.now();
  try {
    await queueResetMail(address, ip, now);
  } finally {
    const left = RESET_ANSWER_MS - (performance.now() - started);
    if (left > 0) await sleep(left);
  }
}

async function queueResetMail(address: string, ip: string | undefined, now: Date): Promise<void> {
  if (ip && !(await reserve(`reset-ip:${ip}`, RESET_IP_RULE, now)).allowed) return;
  if (!(await reserve(`reset-account:${address}`, RESET_ACCOUNT_RULE, now)).allowed) return;
  const user = await db().user.findUnique({ where: { email: address } });
  if (!user || user.disabledAt) return;
  const actor: Actor = { type: 'user', userId: user.id, label: `${user.name} <${user.email}>`, role: user.role, ip };
  const base = await publicBaseUrl();
  // Queued in the same transaction as the token: the delivery worker sends it, and retries while SMTP is down.
  await db().$transaction(async (tx) => {
    const link = await issuePasswordLink(tx, user.id, RESET_TTL_MS, now, base);
    await writeAudit(tx, actor, { action: 'user.password_reset_request', objectType: 'user', objectId: user.id }, now);
    await enqueueMail(tx, {
      kind: 'password_reset',
      to: user.email,
      subject: 'Reset your Candor console password',
      text: `Hello ${user.name},\n\nSomeone (hopefully you) asked to reset the password for your Candor console account.\nOpen this link within one hour to choose a new password:\n\n${link}\n\nIf it was not you, ignore this message; your password stays as it is.\n`,
      html: `<p>Hello ${escapeHtml(user.name)},</p><p>Someone (hopefully you) asked to reset the password for your Candor console account. Open this link within one hour to choose a new password:</p><p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p><p>If it was not you, ignore this message; your password stays as it is.</p>`,
    });
  });
  await wakeWorkers('mail');
}

/** Sets a new password from a reset link; the link works once, ends the user's other links, and signs out every session. */
export async function completePasswordReset({ token, password, ip, now = new Date() }: { token: string; password: string; ip?: string; now?: Date }): Promise<{ email: string }> {
  const newPassword = parseInput(z.object({ password: NewPassword }), { password }).password;
  const reset = await db().passwordReset.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!reset || reset.usedAt || reset.expiresAt <= now || reset.user.disabledAt) throw new AppError('validation', 'This reset link has expired or was already used. Ask for a new one.', 'token');
  const passwordHash = await hashPassword(newPassword, ip ?? 'reset');
  const u = reset.user;
  const actor: Actor = { type: 'user', userId: u.id, label: `${u.name} <${u.email}>`, role: u.role, ip };
  await db().$transaction(async (tx) => {
    // The user row first: concurrent uses of two links then queue here instead of deadlocking.
    await tx.user.update({ where: { id: u.id }, data: { passwordHash, mustChangePassword: false } });
    const claimed = await tx.passwordReset.updateMany({ where: { id: reset.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (claimed.count !== 1) throw new AppError('validation', 'This reset link has expired or was already used. Ask for a new one.', 'token');
    await tx.session.deleteMany({ where: { userId: u.id } });
    await endResetLinks(tx, u.id, now);
    await tx.rateLimit.deleteMany({ where: { key: accountKey(u.email) } });
    await writeAudit(tx, actor, { action: 'user.password_reset', objectType: 'user', objectId: u.id }, now);
  });
  return { email: u.email };
}
