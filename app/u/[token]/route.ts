import { AppError } from '@/lib/server/errors';
import { unsubscribeByLink, unsubscribeLinkState } from '@/lib/server/subscriptions/manage-subscription';
import { escapeHtml } from '@/lib/domain/escape-html';
import { EVERY_LANGUAGE, LANG_COOKIE, negotiateLanguage, pickLanguage } from '@/lib/i18n/languages';
import { translator, type Translator } from '@/lib/i18n/t';
import { cookieValue } from '@/lib/server/public/language';

// RFC 8058 one-click unsubscribe. A mail provider POSTs "List-Unsubscribe=One-Click" here with
// no cookies, and it takes effect at once. A person opening the link gets a page with one button.
// Any link the subscriber was sent unsubscribes; only the newest leads on to the manage page.

export const dynamic = 'force-dynamic';

/**
 * The page's language: the link's `?lang=`, the remembered one, the subscriber's own (`preferred`),
 * the browser's, else English. No redirect here: a mail provider's POST must act on the first request.
 */
function language(request: Request, preferred: string | null = null): Translator {
  const chosen = pickLanguage(EVERY_LANGUAGE, new URL(request.url).searchParams.get('lang'), cookieValue(request.headers.get('cookie'), LANG_COOKIE), preferred, negotiateLanguage(request.headers.get('accept-language')));
  return translator(chosen.lang, chosen.locale);
}

function page(tr: Translator, title: string, body: string, status = 200): Response {
  const html = `<!doctype html><html lang="${tr.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;color:#15171c;background:#fff}main{max-width:36rem;margin:0 auto;padding:2rem 1rem}h1{font-size:1.5rem;line-height:1.25}button{font:inherit;font-weight:600;background:#b3261e;color:#fff;border:0;border-radius:8px;padding:.75rem 1.25rem;min-height:2.75rem;cursor:pointer}a{color:#1f4fd1}p{margin:0 0 1rem}@media (prefers-color-scheme:dark){body{background:#0f1115;color:#e8eaee}a{color:#8fb0ff}}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" } });
}

const invalid = (tr: Translator) => page(tr, tr.t('unsubscribe.badTitle'), `<p>${escapeHtml(tr.t('unsubscribe.badBody'))}</p><p><a href="/?lang=${tr.lang}">${escapeHtml(tr.t('unsubscribe.backToStatus'))}</a></p>`, 404);
const manageHref = (token: string, tr: Translator) => `/manage/${escapeHtml(encodeURIComponent(token))}?lang=${tr.lang}`;

export async function GET(request: Request, ctx: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await ctx.params;
  try {
    const sub = await unsubscribeLinkState({ token });
    const tr = language(request, sub.locale);
    if (sub.unsubscribed) return page(tr, tr.t('unsubscribe.doneTitle'), `<p>${escapeHtml(tr.t('unsubscribe.doneFor', { email: sub.email }))}</p>${sub.current ? `<p><a href="${manageHref(token, tr)}">${escapeHtml(tr.t('unsubscribe.manage'))}</a></p>` : ''}`);
    return page(
      tr,
      tr.t('unsubscribe.askTitle'),
      `<p>${escapeHtml(tr.t('unsubscribe.askFor', { email: sub.email }))}</p><form method="post" action="?lang=${tr.lang}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${escapeHtml(tr.t('unsubscribe.button'))}</button></form>${sub.current ? `<p style="margin-top:1.5rem"><a href="${manageHref(token, tr)}">${escapeHtml(tr.t('unsubscribe.instead'))}</a></p>` : ''}`,
    );
  } catch (error) {
    if (error instanceof AppError) return invalid(language(request));
    throw error;
  }
}

/**
 * The List-Unsubscribe field of the POST body. RFC 8058 recommends multipart/form-data (Gmail sends
 * it) and allows urlencoded; both go through the platform's form parser. A body sent without a form
 * type is read as urlencoded, as before. The custom server caps /u/ bodies at 4,000 bytes.
 */
async function oneClickField(request: Request): Promise<string | null> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  try {
    if (type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')) {
      const value = (await request.formData()).get('List-Unsubscribe');
      return typeof value === 'string' ? value.trim() : null;
    }
    return new URLSearchParams(await request.text()).get('List-Unsubscribe')?.trim() ?? null;
  } catch {
    // A malformed body (say, a multipart without its boundary) asks for nothing.
    return null;
  }
}

export async function POST(request: Request, ctx: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await ctx.params;
  if ((await oneClickField(request)) !== 'One-Click') {
    const tr = language(request);
    return page(tr, tr.t('unsubscribe.nothingTitle'), `<p>${escapeHtml(tr.t('unsubscribe.nothingBody'))}</p>`, 400);
  }
  let next: string | null;
  let locale: string;
  try {
    // Unsubscribe first: the language is read after, so a burst of retries races over as little as possible.
    next = (await unsubscribeByLink({ token })).manageToken;
    locale = (await unsubscribeLinkState({ token })).locale;
  } catch (error) {
    if (error instanceof AppError) return invalid(language(request));
    throw error;
  }
  const tr = language(request, locale);
  const undo = next ? ` <a href="${manageHref(next, tr)}">${escapeHtml(tr.t('unsubscribe.undo'))}</a>` : ` ${escapeHtml(tr.t('unsubscribe.noUndo'))}`;
  return page(tr, tr.t('unsubscribe.doneTitle'), `<p>${escapeHtml(tr.t('unsubscribe.done'))}${undo}</p>`);
}
