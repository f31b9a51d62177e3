import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { readObjectBody } from '@/lib/server/api/read-body';
import { apiHandler } from '@/lib/server/api/respond';
import { componentJson } from '@/lib/server/components/component-json';
import { createComponent } from '@/lib/server/components/create-component';
import { listComponents } from '@/lib/server/components/list-components';

export const dynamic = 'force-dynamic';

export const GET = apiHandler(async (request: Request) => {
  await authenticateRequest(request, 'viewer');
  return Response.json({ components: (await listComponents()).map(componentJson) }, { headers: { 'cache-control': 'no-store' } });
});

export const POST = apiHandler(async (request: Request) => {
  const actor = await authenticateRequest(request, 'admin');
  const row = await createComponent({ actor, input: await readObjectBody(request, 'component') });
  return Response.json(componentJson(row), { status: 201, headers: { location: `/api/v1/components/${row.slug}`, 'cache-control': 'no-store' } });
});
