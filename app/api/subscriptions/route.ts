import { apiHandler, readJson } from '@/lib/server/api/respond';
import { clientIpFromHeaders } from '@/lib/server/auth/client-ip';
import { subscribe } from '@/lib/server/subscriptions/subscribe';

export const dynamic = 'force-dynamic';

/** Public double opt-in: { email, regions: [...] | "all", components: [...] | "all", time_zone, notice_kinds: [...], locale: "fr-CA" }. */
export const POST = apiHandler(async (request: Request) => {
  const input = await readJson(request, 16_000);
  const answer = await subscribe({ input, ip: clientIpFromHeaders(request.headers) });
  return Response.json(answer, { status: 202, headers: { 'cache-control': 'no-store' } });
});
