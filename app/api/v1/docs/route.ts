import { openApiHtml } from '@/lib/server/api/openapi-html';

export const dynamic = 'force-static';

export function GET() {
  return new Response(openApiHtml(), { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=300' } });
}
