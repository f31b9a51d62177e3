import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { readObjectBody } from '@/lib/server/api/read-body';
import { apiHandler } from '@/lib/server/api/respond';
import { getIncident } from '@/lib/server/incidents/get-incident';
import { incidentJson } from '@/lib/server/incidents/incident-json';
import { postUpdate } from '@/lib/server/incidents/post-update';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string }> };

/** Posts an update; one that newly declares data lost answers 202 and waits for a second person. */
export const POST = apiHandler(async (request: Request, { params }: Ctx) => {
  const actor = await authenticateRequest(request, 'responder');
  const { id } = await params;
  await getIncident(id);
  const body = await readObjectBody(request, 'incident_update');
  const result = await postUpdate({ actor, input: { ...body, incident_id: id } });
  const incident = incidentJson(await getIncident(id));
  const update = incident.incident_updates.find((u) => u.id === result.id);
  return Response.json({ ...update, incident_version: result.version, incident }, { status: result.state === 'published' ? 201 : 202, headers: { 'cache-control': 'no-store' } });
});
