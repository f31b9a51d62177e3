import { ICON_SVG } from '@/lib/server/public/views/favicon';

// Next's icon for the console and forms; Candor's server answers /icon from the public snapshot
// first (same bytes), so the status pages never wait on Next for it.
export const contentType = 'image/svg+xml';

export default function Icon(): Response {
  return new Response(ICON_SVG, { headers: { 'content-type': 'image/svg+xml' } });
}
