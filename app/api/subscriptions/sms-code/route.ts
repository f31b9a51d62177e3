import { apiHandler, readJson } from '@/lib/server/api/respond';
import { clientIpFromHeaders } from '@/lib/server/auth/client-ip';
import { confirmSmsCode } from '@/lib/server/subscriptions/confirm-sms-code';

export const dynamic = 'force-dynamic';

/** Confirms an SMS subscription: { phone_number, code } with the 6-digit code the number was sent; answers its manage link. */
export const POST = apiHandler(async (request: Request) => {
  const input = await readJson(request, 4_000);
  const { manageToken } = await confirmSmsCode({ input, ip: clientIpFromHeaders(request.headers) });
  return Response.json({ status: 'confirmed', manage_url: `/manage/${manageToken}` }, { headers: { 'cache-control': 'no-store' } });
});
