import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { apiHandler } from '@/lib/server/api/respond';
import { listNoticeTemplates } from '@/lib/server/notice-templates/list-notice-templates';
import { noticeTemplateListJson } from '@/lib/server/notice-templates/notice-template-json';

export const dynamic = 'force-dynamic';

export const GET = apiHandler(async (request: Request) => {
  const actor = await authenticateRequest(request, 'viewer');
  return Response.json(noticeTemplateListJson(await listNoticeTemplates({ actor })), { headers: { 'cache-control': 'no-store' } });
});
