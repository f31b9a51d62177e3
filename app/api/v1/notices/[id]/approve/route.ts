import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { apiHandler } from '@/lib/server/api/respond';
import { approveNotice } from '@/lib/server/notices/approve-notice';
import { getNotice } from '@/lib/server/notices/get-notice';

export const dynamic = 'force-dynamic';

/** The second staff member's approval of a data-loss notice (a token acting for another user). */
export const POST = apiHandler(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await authenticateRequest(request, 'responder');
  const { id } = await ctx.params;
  await approveNotice({ actor, id });
  return Response.json(await getNotice({ actor, id }), { headers: { 'cache-control': 'no-store' } });
});
