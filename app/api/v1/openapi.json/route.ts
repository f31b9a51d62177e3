import { openApiDocument } from '@/lib/server/api/openapi';

export const dynamic = 'force-static';

export function GET() {
  return Response.json(openApiDocument(), { headers: { 'cache-control': 'public, max-age=300' } });
}
