import MarkdownIt from 'markdown-it';

// Update bodies are Markdown written by staff and read by the public, in pages, feeds and JSON.
// Raw HTML is never passed through, and only http(s), mailto and relative links survive.

type Md = InstanceType<typeof MarkdownIt>;

const SAFE_LINK = /^(https?:|mailto:|\/(?!\/)|#)/i;

function createRenderer(): Md {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });
  md.validateLink = (url: string) => SAFE_LINK.test(url.trim());
  md.disable(['image']);
  const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    tokens[idx]!.attrSet('rel', 'nofollow noopener noreferrer');
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
  return md;
}

const g = globalThis as unknown as { __candorMarkdown?: Md };
const renderer = (): Md => (g.__candorMarkdown ??= createRenderer());

/** Bodies rendered lately: a snapshot shows each update on many pages, in every language. */
const rendered = new Map<string, string>();
const RENDERED_MAX = 1_024;

/** Safe HTML for a Markdown body. */
export function renderMarkdown(source: string): string {
  let html = rendered.get(source);
  if (html === undefined) {
    html = renderer().render(source);
    if (rendered.size >= RENDERED_MAX) rendered.clear();
    rendered.set(source, html);
  }
  return html;
}

/** Plain text of a Markdown body (for feeds' summaries and the badge). */
export function markdownToText(source: string): string {
  const html = renderMarkdown(source);
  return html
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<\/(p|li|h\d)>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Text for JSON clients that may put it into HTML unescaped (many Statuspage widgets do): the
 * Markdown's plain text, without anything shaped like an HTML tag.
 */
export function markdownToSafeText(source: string): string {
  return stripTags(markdownToText(source));
}

export function stripTags(text: string): string {
  let out = text;
  for (let previous = ''; previous !== out; ) {
    previous = out;
    out = out.replace(/<\/?[a-zA-Z!?][^<>]*>?/g, '');
  }
  return out;
}
