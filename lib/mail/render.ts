import { escapeHtml } from '@/lib/domain/escape-html';
import { markdownMailHtml, markdownMailText } from './render-markdown';
import { DEFAULT_BRAND_COLOR } from '@/lib/domain/page-defaults';

// One e-mail, two renderings: a template is a list of blocks, and both the HTML and the plain
// text are produced from the same list, so the two parts can never say different things.

export type Block =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'facts'; title?: string; rows: { label: string; value: string }[] }
  | { type: 'button'; text: string; url: string }
  | { type: 'note'; text: string }
  | { type: 'links'; links: { text: string; url: string }[] }
  /** Staff Markdown quoted under a label: rendered safely in HTML, as plain text in the text part. */
  | { type: 'markdown'; label: string; source: string; note?: string };

export interface EmailDocument {
  /** Shown in inbox previews before the body. */
  preheader: string;
  brand: string;
  accentColor: string;
  blocks: Block[];
  footer: Block[];
  /** The language it is written in (BCP 47), for <html lang>; English when unset. */
  lang?: string;
}


const safeColor = (c: string) => (/^#[0-9a-fA-F]{3,8}$/.test(c) ? c : DEFAULT_BRAND_COLOR);
const safeUrl = (u: string) => (/^(https?:|mailto:|\{\{%)/i.test(u) ? u : '#');
const font = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";

function blockHtml(block: Block, accent: string): string {
  switch (block.type) {
    case 'heading':
      return `<h1 style="${font}font-size:22px;line-height:1.3;margin:0 0 16px;color:#15171c">${escapeHtml(block.text)}</h1>`;
    case 'paragraph':
      return `<p style="${font}font-size:16px;line-height:1.55;margin:0 0 16px;color:#15171c">${escapeHtml(block.text).replace(/\n/g, '<br>')}</p>`;
    case 'note':
      return `<p style="${font}font-size:13px;line-height:1.5;margin:0 0 12px;color:#545b69">${escapeHtml(block.text).replace(/\n/g, '<br>')}</p>`;
    case 'list':
      return `<ul style="${font}font-size:16px;line-height:1.55;margin:0 0 16px;padding-left:22px;color:#15171c">${block.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
    case 'facts':
      return `${block.title ? `<h2 style="${font}font-size:17px;line-height:1.3;margin:8px 0 6px;color:#15171c">${escapeHtml(block.title)}</h2>` : ''}<table role="presentation" cellpadding="0" cellspacing="0" style="width:100%;margin:0 0 16px;border-collapse:collapse">${block.rows
        .map(
          (r) =>
            `<tr><th scope="row" style="${font}text-align:left;font-size:14px;font-weight:600;color:#545b69;padding:6px 12px 6px 0;vertical-align:top">${escapeHtml(r.label)}</th><td style="${font}font-size:14px;color:#15171c;padding:6px 0">${escapeHtml(r.value)}</td></tr>`,
        )
        .join('')}</table>`;
    case 'button':
      return `<p style="margin:8px 0 24px"><a href="${escapeHtml(safeUrl(block.url))}" style="${font}display:inline-block;background:${accent};color:#ffffff;font-size:16px;font-weight:600;text-decoration:none;padding:12px 20px;border-radius:6px">${escapeHtml(block.text)}</a></p>`;
    case 'markdown':
      return `<p style="${font}font-size:13px;line-height:1.5;margin:0 0 6px;color:#545b69;font-weight:600">${escapeHtml(block.label)}</p>${block.note ? `<p style="${font}font-size:13px;line-height:1.5;margin:0 0 6px;color:#545b69;font-style:italic">${escapeHtml(block.note)}</p>` : ''}<div style="margin:0 0 16px;padding:2px 0 2px 12px;border-left:3px solid ${accent}">${markdownMailHtml(block.source)}</div>`;
    case 'links':
      return `<p style="${font}font-size:13px;line-height:1.5;margin:0 0 8px;color:#545b69">${block.links.map((l) => `<a href="${escapeHtml(safeUrl(l.url))}" style="color:#545b69">${escapeHtml(l.text)}</a>`).join(' &middot; ')}</p>`;
  }
}

export function renderHtml(doc: EmailDocument): string {
  const accent = safeColor(doc.accentColor);
  return `<!doctype html>
<html lang="${escapeHtml(doc.lang ?? 'en')}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light"><title>${escapeHtml(doc.brand)}</title></head>
<body style="margin:0;padding:0;background:#f5f6f8">
<div style="display:none;max-height:0;overflow:hidden">${escapeHtml(doc.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f5f6f8"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border:1px solid #dde1e7;border-radius:8px">
<tr><td style="border-top:4px solid ${accent};border-radius:8px 8px 0 0;padding:18px 24px 0"><p style="${font}font-size:14px;font-weight:700;letter-spacing:.02em;margin:0;color:${accent}">${escapeHtml(doc.brand)}</p></td></tr>
<tr><td style="padding:16px 24px 8px">${doc.blocks.map((b) => blockHtml(b, accent)).join('\n')}</td></tr>
<tr><td style="padding:12px 24px 20px;border-top:1px solid #dde1e7">${doc.footer.map((b) => blockHtml(b, accent)).join('\n')}</td></tr>
</table></td></tr></table>
</body></html>`;
}

function wrap(text: string, width = 76): string {
  return text
    .split('\n')
    .map((line) => {
      const out: string[] = [];
      let current = '';
      for (const word of line.split(/ +/)) {
        if (current && current.length + 1 + word.length > width) {
          out.push(current);
          current = word;
        } else current = current ? `${current} ${word}` : word;
      }
      out.push(current);
      return out.join('\n');
    })
    .join('\n');
}

/** `colon` is how the language writes a label's colon (French puts a space before it). */
function blockText(block: Block, colon = ':'): string {
  switch (block.type) {
    case 'heading':
      return `${block.text}\n${'='.repeat(Math.min(block.text.length, 76))}`;
    case 'paragraph':
    case 'note':
      return wrap(block.text);
    case 'list':
      return block.items.map((i) => `  * ${i}`).join('\n');
    case 'facts': {
      const width = Math.max(...block.rows.map((r) => r.label.length));
      const rows = block.rows.map((r) => `${`${r.label}${colon}`.padEnd(width + 1 + colon.length)}${r.value}`).join('\n');
      return block.title ? `${block.title}\n${'-'.repeat(block.title.length)}\n${rows}` : rows;
    }
    case 'button':
      return `${block.text}${colon}\n${block.url}`;
    case 'links':
      return block.links.map((l) => `${l.text}${colon} ${l.url}`).join('\n');
    case 'markdown':
      return `${block.label}\n${block.note ? `(${block.note})\n` : ''}${markdownMailText(block.source)}`;
  }
}

export function renderText(doc: EmailDocument): string {
  const colon = doc.lang?.startsWith('fr') ? '\u00a0:' : ':';
  const text = (b: Block) => blockText(b, colon);
  return [doc.brand, '', ...doc.blocks.map(text).flatMap((t) => [t, '']), '--', ...doc.footer.map(text)].join('\n').trimEnd() + '\n';
}
