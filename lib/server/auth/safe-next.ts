/** Where to go after sign-in: only a path on this site (no scheme, no protocol-relative //host). */
export function safeNext(next: string | null | undefined, fallback = '/admin'): string {
  if (!next || next.length > 500) return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\r\n]/.test(next)) return fallback;
  if (next.startsWith('/admin/sign-in')) return fallback;
  return next;
}
