import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { apiHandler, readJson } from '@/lib/server/api/respond';
import { AppError } from '@/lib/server/errors';
import { importSubscribers } from '@/lib/server/subscribers/import-subscribers';
import { listSubscribers } from '@/lib/server/subscribers/list-subscribers';

export const dynamic = 'force-dynamic';
const noStore = { 'cache-control': 'no-store' };
const STATES = ['confirmed', 'unconfirmed', 'unsubscribed', 'paused'] as const;

export const GET = apiHandler(async (request: Request) => {
  const actor = await authenticateRequest(request, 'viewer');
  const q = new URL(request.url).searchParams;
  const state = q.get('state');
  if (state && !STATES.includes(state as (typeof STATES)[number])) throw new AppError('validation', `state: one of ${STATES.join(', ')}`, 'state');
  const page = await listSubscribers({ actor, query: q.get('q') ?? undefined, state: (state as (typeof STATES)[number]) ?? undefined, page: Number(q.get('page') ?? 1) || 1, perPage: Number(q.get('per_page') ?? 50) || 50 });
  return Response.json(
    {
      total: page.total,
      page: page.page,
      per_page: page.perPage,
      subscribers: page.subscribers.map((s) => ({ id: s.id, email: s.email, state: s.state, time_zone: s.timeZone, regions: s.regions, components: s.components, notice_kinds: s.noticeKinds, source: s.source, created_at: s.createdAt.toISOString(), confirmed_at: s.confirmedAt?.toISOString() ?? null })),
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
