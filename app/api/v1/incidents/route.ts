import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { readObjectBody } from '@/lib/server/api/read-body';
import { apiHandler } from '@/lib/server/api/respond';
import { createIncident } from '@/lib/server/incidents/create-incident';
import { getIncident } from '@/lib/server/incidents/get-incident';
import { incidentJson } from '@/lib/server/incidents/incident-json';
import { listIncidents } from '@/lib/server/incidents/list-incidents';
import { parsePaging } from '@/lib/server/paging';

export const dynamic = 'force-dynamic';

export const GET = apiHandler(async (request: Request) => {
  await authenticateRequest(request, 'viewer');
  const params = new URL(request.url).searchParams;
  const q = Object.fromEntries(params);
  // `limit` is the older name of `per_page`; either is checked under its own name.
  const { page, perPage } = parsePaging(params, { perPageName: params.has('per_page') || !params.has('limit') ? 'per_page' : 'limit' });
  const list = await listIncidents({ state: q.state, kind: q.kind, limit: perPage, page });
  const incidents = await Promise.all(list.incidents.map((i) => getIncident(i.id)));
  return Response.json({ incidents: incidents.map(incidentJson), page: list.page, per_page: list.limit, total: list.total }, { headers: { 'cache-control': 'no-store' } });
});

export const POST = apiHandler(async (request: Request) => {
  const actor = await authenticateRequest(request, 'responder');
  const body = await readObjectBody(request, 'incident');
  const created = await createIncident({ actor, input: body });
  return Response.json(incidentJson(await getIncident(created.id)), { status: 201, headers: { location: `/api/v1/incidents/${created.id}`, 'cache-control': 'no-store' } });
});
