import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { readObjectBody } from '@/lib/server/api/read-body';
import { apiHandler } from '@/lib/server/api/respond';
import { getIncident } from '@/lib/server/incidents/get-incident';
import { incidentJson } from '@/lib/server/incidents/incident-json';
import { patchIncident } from '@/lib/server/incidents/patch-incident';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string }> };

export const GET = apiHandler(async (request: Request, { params }: Ctx) => {
  await authenticateRequest(request, 'viewer');
  const incident = await getIncident((await params).id);
  return Response.json(incidentJson(incident), { headers: { etag: `"${incident.version}"`, 'cache-control': 'no-store' } });
});

export const PATCH = apiHandler(async (request: Request, { params }: Ctx) => {
  const actor = await authenticateRequest(request, 'responder');
  const { id } = await params;
  await getIncident(id);
  const body = await readObjectBody(request, 'incident');
  await patchIncident({ actor, id, input: body });
  const incident = await getIncident(id);
  return Response.json(incidentJson(incident), { headers: { etag: `"${incident.version}"`, 'cache-control': 'no-store' } });
});
