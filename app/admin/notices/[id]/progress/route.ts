import { getStaffSession } from '@/lib/server/auth/require-staff';
import { apiHandler } from '@/lib/server/api/respond';
import { AppError } from '@/lib/server/errors';
import { getNotice } from '@/lib/server/notices/get-notice';

export const dynamic = 'force-dynamic';

/** The console's live progress poll (session cookie; read-only). */
export const GET = apiHandler(async (_request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const staff = await getStaffSession();
  if (!staff) throw new AppError('unauthorized', 'sign in again');
  const { id } = await ctx.params;
  const n = await getNotice({ actor: staff.actor, id });
  return Response.json({ status: n.status, audience: n.audience, sent: n.sent, failed: n.failed, pending: n.pending, suppressed: n.suppressed, canceled: n.canceled, byChannel: n.byChannel }, { headers: { 'cache-control': 'no-store' } });
});
