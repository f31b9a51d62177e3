import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { apiHandler } from '@/lib/server/api/respond';
import { getNotice } from '@/lib/server/notices/get-notice';

export const dynamic = 'force-dynamic';

export const GET = apiHandler(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await authenticateRequest(request, 'viewer');
  const { id } = await ctx.params;
  return Response.json(await getNotice({ actor, id }), { headers: { 'cache-control': 'no-store' } });
});
