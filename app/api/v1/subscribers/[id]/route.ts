import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { apiHandler } from '@/lib/server/api/respond';
import { deleteSubscriber } from '@/lib/server/subscribers/delete-subscriber';

export const dynamic = 'force-dynamic';

export const DELETE = apiHandler(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await authenticateRequest(request, 'responder');
  const { id } = await ctx.params;
  await deleteSubscriber({ actor, id });
  return new Response(null, { status: 204 });
});
