import { z } from 'zod';
import { enqueueMail } from '@/lib/jobs/outbox-mail';
import { wakeWorkers } from '@/lib/jobs/wake';
import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import { db } from '../db';
import { hashToken, randomToken } from '../crypto';
import { AppError } from '../errors';
import { parseInput } from '../validate';
import { hashPassword } from './password';
import { bump } from './throttle';
import { IP_RULE, lockRemainingMs } from './throttle-policy';

const RESET_TTL_MS = 60 * 60 * 1000;
export const NewPassword = z.string().min(10, 'at least 10 characters').max(200, 'at most 200 characters');

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Mails a one-hour reset link if the address belongs to an active staff member. It answers the
 * same way either way (no account discovery) and is throttled per address and per IP.
 */
export async function requestPasswordReset({ email, ip, baseUrl, now = new Date() }: { email: string; ip?: string; baseUrl: string; now?: Date }): Promise<void> {
  const address = parseInput(z.object({ email: z.string().trim().toLowerCase().max(254).pipe(z.email('not a valid e-mail address')) }), { email }).email;
  for (const key of [`reset-account:${address}`, ...(ip ? [`reset-ip:${ip}`] : [])]) {
    const counter = await db().rateLimit.findUnique({ where: { key } });
    if (lockRemainingMs(counter, now) > 0) return;
    await bump(key, { ...IP_RULE, lockAfter: key.startsWith('reset-account') ? 5 : 20 }, now);
  }
  const user = await db().user.findUnique({ where: { email: address } });
  if (!user || user.disabledAt) return;
  const token = randomToken(32);
  const actor: Actor = { type: 'user', userId: user.id, label: `${user.name} <${user.email}>`, role: user.role, ip };
  const link = `${baseUrl.replace(/\/+$/, '')}/admin/password-reset/${token}`;
  // Queued in the same transaction as the token: the delivery worker sends it, and retries while SMTP is down.
  await db().$transaction(async (tx) => {
    await tx.passwordReset.create({ data: { tokenHash: hashToken(token), userId: user.id, expiresAt: new Date(now.getTime() + RESET_TTL_MS), createdAt: now } });
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

/** Sets a new password from a reset link; the link works once, and every session is signed out. */
export async function completePasswordReset({ token, password, ip, now = new Date() }: { token: string; password: string; ip?: string; now?: Date }): Promise<{ email: string }> {
  const newPassword = parseInput(z.object({ password: NewPassword }), { password }).password;
  const reset = await db().passwordReset.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!reset || reset.usedAt || reset.expiresAt <= now || reset.user.disabledAt) throw new AppError('validation', 'This reset link has expired or was already used. Ask for a new one.', 'token');
  const passwordHash = await hashPassword(newPassword);
  const u = reset.user;
  const actor: Actor = { type: 'user', userId: u.id, label: `${u.name} <${u.email}>`, role: u.role, ip };
  await db().$transaction(async (tx) => {
    const claimed = await tx.passwordReset.updateMany({ where: { id: reset.id, usedAt: null }, data: { usedAt: now } });
    if (claimed.count !== 1) throw new AppError('validation', 'This reset link was already used.', 'token');
    await tx.user.update({ where: { id: u.id }, data: { passwordHash, mustChangePassword: false } });
    await tx.session.deleteMany({ where: { userId: u.id } });
    await tx.rateLimit.deleteMany({ where: { key: `login-account:${u.email}` } });
    await writeAudit(tx, actor, { action: 'user.password_reset', objectType: 'user', objectId: u.id }, now);
  });
  return { email: u.email };
}
