import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { readObjectBody } from '@/lib/server/api/read-body';
import { apiHandler } from '@/lib/server/api/respond';
import { componentJson } from '@/lib/server/components/component-json';
import { listComponents } from '@/lib/server/components/list-components';
import { updateComponent } from '@/lib/server/components/update-component';
import { notFound } from '@/lib/server/errors';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string }> };

/** A component by id or slug. */
export const GET = apiHandler(async (request: Request, { params }: Ctx) => {
  await authenticateRequest(request, 'viewer');
  const { id } = await params;
  const row = (await listComponents()).find((c) => c.id === id || c.slug === id);
  if (!row) throw notFound(`component "${id}"`);
  return Response.json(componentJson(row), { headers: { 'cache-control': 'no-store' } });
});

/** Changing only `status` needs a responder token; other fields need admin. */
export const PATCH = apiHandler(async (request: Request, { params }: Ctx) => {
  const actor = await authenticateRequest(request, 'responder');
  const row = await updateComponent({ actor, ref: (await params).id, input: await readObjectBody(request, 'component') });
  return Response.json(componentJson(row), { headers: { 'cache-control': 'no-store' } });
});
