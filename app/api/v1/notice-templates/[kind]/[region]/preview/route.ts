import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { readObjectBody } from '@/lib/server/api/read-body';
import { apiHandler } from '@/lib/server/api/respond';
import { templatePreviewJson } from '@/lib/server/notice-templates/notice-template-json';
import { previewNoticeTemplate } from '@/lib/server/notice-templates/preview-notice-template';
import { resolveScope } from '@/lib/server/notice-templates/schemas';

export const dynamic = 'force-dynamic';

export const POST = apiHandler(async (request: Request, ctx: { params: Promise<{ kind: string; region: string }> }) => {
  const actor = await authenticateRequest(request, 'viewer');
  const { kind, region } = await ctx.params;
  const scope = await resolveScope(kind, region, new URL(request.url).searchParams.get('lang'));
  const { regions } = await previewNoticeTemplate({ actor, scope, input: await readObjectBody(request) });
  return Response.json(templatePreviewJson(regions), { headers: { 'cache-control': 'no-store' } });
});
