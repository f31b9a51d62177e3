import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { apiHandler } from '@/lib/server/api/respond';
import { deleteSubscriber } from '@/lib/server/subscribers/delete-subscriber';
import { getSubscriber, subscriberJson } from '@/lib/server/subscribers/list-subscribers';

export const dynamic = 'force-dynamic';

export const GET = apiHandler(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await authenticateRequest(request, 'viewer');
  const { id } = await ctx.params;
  return Response.json(subscriberJson(await getSubscriber({ actor, id })), { headers: { 'cache-control': 'no-store' } });
});

export const DELETE = apiHandler(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await authenticateRequest(request, 'responder');
  const { id } = await ctx.params;
  await deleteSubscriber({ actor, id });
  return new Response(null, { status: 204 });
});
