import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { readObjectBody } from '@/lib/server/api/read-body';
import { apiHandler } from '@/lib/server/api/respond';
import { listRegions } from '@/lib/server/regions/list-regions';
import { regionJson } from '@/lib/server/regions/region-json';
import { createRegion } from '@/lib/server/regions/create-region';

export const dynamic = 'force-dynamic';

export const GET = apiHandler(async (request: Request) => {
  await authenticateRequest(request, 'viewer');
  return Response.json({ regions: (await listRegions()).map(regionJson) }, { headers: { 'cache-control': 'no-store' } });
});

export const POST = apiHandler(async (request: Request) => {
  const actor = await authenticateRequest(request, 'admin');
  const row = await createRegion({ actor, input: await readObjectBody(request, 'region') });
  return Response.json(regionJson(row), { status: 201, headers: { location: `/api/v1/regions/${row.slug}`, 'cache-control': 'no-store' } });
});
