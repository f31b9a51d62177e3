import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { apiHandler } from '@/lib/server/api/respond';
import { readObjectBody } from '@/lib/server/api/read-body';
import { getIncident } from '@/lib/server/incidents/get-incident';
import { incidentJson } from '@/lib/server/incidents/incident-json';
import { translateUpdate } from '@/lib/server/incidents/translate-update';
import { notFound } from '@/lib/server/errors';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string; updateId: string }> };

/** Adds or replaces an update's translation into one language: `{"lang", "body", "bodies_by_region"?}`. */
export const POST = apiHandler(async (request: Request, { params }: Ctx) => {
  const actor = await authenticateRequest(request, 'responder');
  const { id, updateId } = await params;
  const incident = await getIncident(id);
  if (!incident.updates.some((u) => u.id === updateId)) throw notFound('update');
  const body = await readObjectBody(request, 'translation');
  await translateUpdate({ actor, input: { ...body, update_id: updateId } });
  return Response.json(incidentJson(await getIncident(id)), { headers: { 'cache-control': 'no-store' } });
});
