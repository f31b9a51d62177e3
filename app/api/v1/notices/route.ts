import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { readObjectBody } from '@/lib/server/api/read-body';
import { apiHandler } from '@/lib/server/api/respond';
import { createNotice } from '@/lib/server/notices/create-notice';
import { getNotice, listNotices } from '@/lib/server/notices/get-notice';

export const dynamic = 'force-dynamic';
const noStore = { 'cache-control': 'no-store' };

export const GET = apiHandler(async (request: Request) => {
  const actor = await authenticateRequest(request, 'viewer');
  const incident = new URL(request.url).searchParams.get('incident') ?? undefined;
  const notices = await listNotices({ actor, incidentId: incident });
  return Response.json(
    { notices: notices.map((n) => ({ id: n.id, kind: n.kind, status: n.status, incident: n.incident, audience: n.audienceCount, created_at: n.createdAt.toISOString(), completed_at: n.completedAt?.toISOString() ?? null })) },
    { headers: noStore },
  );
});

export const POST = apiHandler(async (request: Request) => {
  const actor = await authenticateRequest(request, 'responder');
  const created = await createNotice({ actor, input: await readObjectBody(request, 'notice') });
  const notice = await getNotice({ actor, id: created.id });
  return Response.json(notice, { status: 201, headers: { ...noStore, location: `/api/v1/notices/${created.id}` } });
});
