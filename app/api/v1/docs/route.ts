import { openApiHtml } from '@/lib/server/api/openapi-html';

export const dynamic = 'force-static';

// The page loads nothing and runs nothing, so the policy forbids everything.
export function GET() {
  return new Response(openApiHtml(), { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=300', 'content-security-policy': "default-src 'none'; frame-ancestors 'none'", 'x-content-type-options': 'nosniff' } });
}
