const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values: the one escaper for pages and mail. */
const SPECIAL = /[&<>"']/;
export function escapeHtml(value: string): string {
  return SPECIAL.test(value) ? value.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c) : value;
}
