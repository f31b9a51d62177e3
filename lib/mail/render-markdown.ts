import { renderMarkdown } from '@/lib/server/markdown';

// Staff Markdown (an incident update quoted in a notice) for both parts of a mail. Both start
// from the site's one renderer, so its safety holds here too: no raw HTML, only http(s), mailto
// and relative links. Mail has no base URL, so a relative link is kept as its text alone.

const font = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";
const BLOCK_STYLE = `${font}font-size:14px;line-height:1.5;margin:0 0 8px;color:#15171c`;

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (e) => entities[e] ?? e);
const hrefOf = (attrs: string) => decode(/\bhref="([^"]*)"/.exec(attrs)?.[1] ?? '');
const absolute = (href: string) => /^(https?:|mailto:)/i.test(href);
const CODE = '\u0001';

/**
 * The site's rendering, except that a link the renderer refused (javascript:, data: and other
 * schemes) reads as its text alone rather than as literal Markdown.
 */
function render(source: string): string {
  return renderMarkdown(source).replace(/\[([^\]\n<>]*)\]\(\s*(?!https?:|mailto:)[a-z][a-z0-9+.-]*:(?:[^()\s<>]|\([^()<>]*\))*(?:\s+(?:&quot;[^\n]*?&quot;|'[^'\n]*'))?\s*\)/gi, '$1');
}

/** The Markdown as e-mail HTML: inline styles (mail clients drop style sheets), headings toned down to bold lines. */
export function markdownMailHtml(source: string): string {
  return render(source)
    .replace(/<a href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g, (whole, href: string, inner: string) => (absolute(decode(href)) ? whole.replace('<a ', '<a style="color:#1f4fd1" ') : inner))
    .replace(/<h[1-6]>/g, `<p style="${BLOCK_STYLE};font-weight:600">`)
    .replace(/<\/h[1-6]>/g, '</p>')
    .replace(/<pre>/g, '<pre style="font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;line-height:1.45;white-space:pre-wrap;margin:0 0 8px;color:#15171c">')
    .replace(/<(p|ul|ol|blockquote)>/g, (_m, tag: string) => `<${tag} style="${BLOCK_STYLE}${{ ul: ';padding-left:22px', ol: ';padding-left:22px', blockquote: ';padding-left:12px;border-left:3px solid #dde1e7' }[tag] ?? ''}">`)
    .replace(/<ol start="(\d+)">/g, `<ol start="$1" style="${BLOCK_STYLE};padding-left:22px">`)
    .trim();
}

/** Wraps one line at `width`, continuing a list item under its text rather than under its bullet. */
function wrapLine(line: string, width: number): string {
  const lead = /^ *(?:(?:\*|\d+\.) )?/.exec(line)![0];
  const hang = ' '.repeat(lead.length);
  const rows: string[] = [];
  let current = lead;
  let empty = true;
  for (const word of line.slice(lead.length).split(/ +/)) {
    if (!empty && current.length + 1 + word.length > width) {
      rows.push(current);
      current = hang + word;
    } else current = empty ? current + word : `${current} ${word}`;
    empty = false;
  }
  rows.push(current);
  return rows.join('\n');
}

/**
 * The same Markdown as readable plain text: no markup characters, list items bulleted (or
 * numbered) and indented by depth, a link followed by its address unless the text is the address.
 */
export function markdownMailText(source: string, width = 76): string {
  let out = '';
  const lists: { ordered: boolean; n: number }[] = [];
  let link: { href: string; start: number } | null = null;
  let pre = false;
  for (const part of render(source.replaceAll(CODE, '')).split(/(<[^>]*>)/)) {
    const tag = /^<(\/?)([a-z0-9]+)([^>]*)>$/.exec(part);
    if (!tag) {
      // Outside <pre>, newlines in the HTML only separate tags; line breaks arrive as <br>. Code
      // lines are indented and marked (\u0001, removed from the source) so they are not rewrapped.
      out += pre ? decode(part).split('\n').map((l) => (l ? `${CODE}    ${l}` : l)).join('\n') : decode(part.replace(/\n/g, ''));
      continue;
    }
    const [, close, name, attrs] = tag as unknown as [string, string, string, string];
    if (name === 'br' || (name === 'tr' && close)) out += '\n';
    else if (name === 'ul' || name === 'ol') {
      if (close) lists.pop();
      else lists.push({ ordered: name === 'ol', n: Number(/start="(\d+)"/.exec(attrs)?.[1] ?? 1) - 1 });
      out += lists.length === 0 && close ? '\n\n' : '';
    } else if (name === 'li' && !close) {
      const list = lists[lists.length - 1];
      out += `\n${'  '.repeat(Math.max(0, lists.length - 1))}${list?.ordered ? `${(list.n += 1)}.` : '*'} `;
    } else if (name === 'a') {
      if (!close) link = { href: hrefOf(attrs), start: out.length };
      else if (link) {
        const text = out.slice(link.start).trim();
        if (absolute(link.href) && text !== link.href && `mailto:${text}` !== link.href) out += ` (${link.href})`;
        link = null;
      }
    } else if (name === 'pre') {
      pre = !close;
      out += close ? '\n\n' : '';
    } else if (name === 'hr') out += '\n\n* * *\n\n';
    else if (close && /^(p|h[1-6]|pre|blockquote)$/.test(name)) out += lists.length ? '' : '\n\n';
    else if (close && (name === 'td' || name === 'th')) out += '  ';
  }
  return out
    .split('\n')
    .map((line) => (line.startsWith(CODE) ? line.slice(1).trimEnd() : wrapLine(line.trimEnd(), width)))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}
