/** HTML entities as React writes them in attribute values and text. */
export const decodeHtml = (v: string) => v.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The named form's inputs and textareas as a browser without JavaScript would send them, or null when the page has no such form. */
export function formFields(html: string, label: string): FormData | null {
  const form = new RegExp(`<form[^>]*aria-label="${label}"[^>]*>([\\s\\S]*?)</form>`).exec(html);
  if (!form) return null;
  const fd = new FormData();
  for (const m of form[1]!.matchAll(/<input([^>]*)>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[1]!)?.[1];
    if (name) fd.append(decodeHtml(name), decodeHtml(/\bvalue="([^"]*)"/.exec(m[1]!)?.[1] ?? ''));
  }
  for (const m of form[1]!.matchAll(/<textarea([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[1]!)?.[1];
    if (name) fd.append(decodeHtml(name), decodeHtml(m[2]!));
  }
  return fd;
}
