import { knownRegionSlugs } from '@/lib/server/public/serve';
import { REGION_COOKIE } from '@/lib/server/public/hot-path';

// The region picker (a plain GET form): remembers the carrier in a cookie and opens its page.
// "all" forgets the choice and opens the page for every carrier.
export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const slug = new URL(request.url).searchParams.get('r') ?? '';
  const known = await knownRegionSlugs();
  const headers = new Headers({ 'cache-control': 'private, no-store' });
  if (known.has(slug)) {
    headers.set('location', `/regions/${slug}`);
    headers.set('set-cookie', `${REGION_COOKIE}=${slug}; Path=/; Max-Age=31536000; SameSite=Lax`);
  } else {
    headers.set('location', '/');
    headers.set('set-cookie', `${REGION_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`);
  }
  return new Response(null, { status: 303, headers });
}
