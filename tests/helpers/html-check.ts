// Structural HTML checks (no validator is installed): elements nest and close properly, ids are
// unique, references point at ids that exist, phrasing content holds no blocks, and no page loads
// anything from another host. Shared by the snapshot's pages (integration) and Next's (e2e).

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const PHRASING_PARENTS = new Set(['p', 'span', 'a', 'button', 'label', 'strong', 'em', 'h1', 'h2', 'h3', 'h4', 'summary', 'time', 'dt']);
const BLOCKS = new Set(['div', 'p', 'ul', 'ol', 'li', 'section', 'article', 'table', 'h1', 'h2', 'h3', 'h4', 'form', 'header', 'footer', 'main', 'nav', 'dl', 'pre']);

export function checkHtml(raw: string): string[] {
  // Script bodies are not markup (Next's pages carry their data in inline scripts).
  const html = raw.replace(/(<script\b[^>]*>)[\s\S]*?(<\/script>)/g, '$1$2');
  const problems: string[] = [];
  if (!html.startsWith('<!DOCTYPE html><html lang="')) problems.push('no doctype or lang');
  const stack: string[] = [];
  const ids = new Set<string>();
  const refs: string[] = [];
  const body = html.replace(/^<!DOCTYPE html>/, '');
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*(\/?)>/g)) {
    const [, closing, rawName, attrs] = m;
    const name = rawName!.toLowerCase();
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open}>`);
      continue;
    }
    const parent = stack[stack.length - 1];
    if (parent && PHRASING_PARENTS.has(parent) && BLOCKS.has(name)) problems.push(`<${name}> inside <${parent}>`);
    if (parent === 'button' && ['a', 'button', 'input', 'select'].includes(name)) problems.push(`<${name}> inside <button>`);
    const names = new Set<string>();
    for (const a of attrs!.matchAll(/\s+([^\s=>]+)(?:="([^"]*)")?/g)) {
      if (names.has(a[1]!)) problems.push(`duplicate attribute ${a[1]} on <${name}>`);
      names.add(a[1]!);
      if (a[1] === 'id') {
        if (ids.has(a[2]!)) problems.push(`duplicate id ${a[2]}`);
        ids.add(a[2]!);
      }
      if (['aria-labelledby', 'aria-describedby', 'popovertarget', 'for'].includes(a[1]!)) refs.push(...(a[2] ?? '').split(/\s+/));
      // A language alternate (<link rel="alternate" hreflang>) names the page's absolute URL; it loads nothing.
      if (['src', 'href'].includes(a[1]!) && name !== 'a' && !(name === 'link' && /\shreflang=/i.test(attrs!)) && /^(https?:)?\/\//.test(a[2] ?? '')) problems.push(`<${name}> loads ${a[2]} from another host`);
    }
    if (name === 'img' && !names.has('alt')) problems.push('img without alt');
    if (!VOID.has(name)) stack.push(name);
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  for (const r of refs) if (r && !ids.has(r)) problems.push(`reference to missing id ${r}`);
  return problems;
}
