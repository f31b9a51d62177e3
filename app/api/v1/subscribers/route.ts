import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { apiHandler, readJson } from '@/lib/server/api/respond';
import { AppError } from '@/lib/server/errors';
import { importSubscribers } from '@/lib/server/subscribers/import-subscribers';
import { listSubscribers, SUBSCRIBER_STATES, subscriberJson } from '@/lib/server/subscribers/list-subscribers';
import { parsePaging } from '@/lib/server/paging';

export const dynamic = 'force-dynamic';
const noStore = { 'cache-control': 'no-store' };

export const GET = apiHandler(async (request: Request) => {
  const actor = await authenticateRequest(request, 'viewer');
  const q = new URL(request.url).searchParams;
  const state = q.get('state') || undefined;
  if (state && !SUBSCRIBER_STATES.includes(state as (typeof SUBSCRIBER_STATES)[number])) throw new AppError('validation', `state: one of ${SUBSCRIBER_STATES.join(', ')}`, 'state');
  const { page: pageNumber, perPage } = parsePaging(q);
  const page = await listSubscribers({ actor, input: { query: q.get('q') ?? undefined, state, page: pageNumber, perPage } });
  return Response.json(
    {
      total: page.total,
      page: page.page,
      per_page: page.perPage,
      subscribers: page.subscribers.map(subscriberJson),
    },
    { headers: noStore },
  );
});

/** One subscriber or a list of up to 1,000 (each with skip_confirmation: true); results per row. */
export const POST = apiHandler(async (request: Request) => {
  const actor = await authenticateRequest(request, 'responder');
  const body = await readJson(request, 2_000_000);
  const rows = Array.isArray(body) ? body : body && typeof body === 'object' && Array.isArray((body as { subscribers?: unknown }).subscribers) ? (body as { subscribers: unknown[] }).subscribers : [body];
  const result = await importSubscribers({ actor, rows, source: 'api' });
  const status = result.created + result.updated === 0 ? 422 : result.rejected > 0 ? 207 : 201;
  return Response.json(result, { status, headers: noStore });
});
