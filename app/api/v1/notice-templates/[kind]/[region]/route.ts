import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { readObjectBody } from '@/lib/server/api/read-body';
import { apiHandler } from '@/lib/server/api/respond';
import type { Actor } from '@/lib/server/actor';
import { getNoticeTemplate } from '@/lib/server/notice-templates/list-notice-templates';
import { noticeTemplateJson } from '@/lib/server/notice-templates/notice-template-json';
import { resetNoticeTemplate } from '@/lib/server/notice-templates/reset-notice-template';
import { saveNoticeTemplate } from '@/lib/server/notice-templates/save-notice-template';
import { resolveScope, type TemplateScope } from '@/lib/server/notice-templates/schemas';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ kind: string; region: string }> };

async function current(actor: Actor, scope: TemplateScope): Promise<Response> {
  const { template, defaults } = await getNoticeTemplate({ actor, scope });
  return Response.json(noticeTemplateJson(template, defaults), { headers: { 'cache-control': 'no-store' } });
}

export const GET = apiHandler(async (request: Request, ctx: Ctx) => {
  const actor = await authenticateRequest(request, 'viewer');
  const { kind, region } = await ctx.params;
  return current(actor, await resolveScope(kind, region, new URL(request.url).searchParams.get('lang')));
});

export const PUT = apiHandler(async (request: Request, ctx: Ctx) => {
  const actor = await authenticateRequest(request, 'responder');
  const { kind, region } = await ctx.params;
  const scope = await resolveScope(kind, region, new URL(request.url).searchParams.get('lang'));
  await saveNoticeTemplate({ actor, scope, input: await readObjectBody(request, 'notice_template') });
  return current(actor, scope);
});

export const DELETE = apiHandler(async (request: Request, ctx: Ctx) => {
  const actor = await authenticateRequest(request, 'responder');
  const { kind, region } = await ctx.params;
  const scope = await resolveScope(kind, region, new URL(request.url).searchParams.get('lang'));
  await resetNoticeTemplate({ actor, scope });
  return current(actor, scope);
});
