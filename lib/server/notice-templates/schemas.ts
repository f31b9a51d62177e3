import { z } from 'zod';
import type { NoticeKind } from '@/lib/generated/postgresql/enums';
import { DATA_STATES } from '@/lib/domain/status';
import { previewProps, renderNotice } from '@/lib/mail/templates/notice';
import { NOTICE_KINDS } from '@/lib/mail/templates/notice-defaults';
import { NOTICE_VARIABLES, unknownVariables } from '@/lib/mail/templates/variables';
import { DEFAULT_LANG, LANGUAGES, parseLang, regionLang, type Lang } from '@/lib/i18n/languages';
import { db } from '../db';
import { notFound, validation } from '../errors';

/** In a path, `all` names the template every carrier reads unless its own region has one. */
export const ALL_REGIONS = 'all';

const subject = z
  .string()
  .trim()
  .min(1, 'required')
  .max(200, 'a subject has at most 200 characters')
  .refine((s) => !/[\r\n]/.test(s), 'a subject is one line')
  .describe('Subject line; {{variables}} allowed');
const body = z.string().trim().min(1, 'required').max(20_000, 'a body has at most 20,000 characters').describe('Plain text: blank lines separate paragraphs, "- " starts a list item; {{variables}} allowed');

export const NoticeTemplateInput = z.object({ subject, body });
export type NoticeTemplateInput = z.output<typeof NoticeTemplateInput>;

export const NoticeTemplatePreviewInput = z
  .object({
    incident: z.string().trim().min(1, 'required').max(100).describe('The incident whose real data fills the preview'),
    region: z.string().trim().max(100).optional().describe('Only this region (slug); default: every region the notice would reach'),
    subject: subject.optional().describe('A draft subject to preview instead of the saved one (with body)'),
    body: body.optional().describe('A draft body to preview instead of the saved one (with subject)'),
  })
  .refine((d) => (d.subject === undefined) === (d.body === undefined), { message: 'a draft needs both subject and body', path: ['body'] });
export type NoticeTemplatePreviewInput = z.output<typeof NoticeTemplatePreviewInput>;

export interface TemplateScope {
  kind: NoticeKind;
  /** null: the template for every carrier. */
  regionSlug: string | null;
  /** The language the template is written in, and read in. */
  lang: Lang;
}

/**
 * The kind and region named in a path (`/notice-templates/apology/telstra-au`), checked against what
 * exists, in the language asked for (`?lang=de-DE`); without one, the region's language (English
 * for the template for all carriers). A language Candor does not speak is a 422 naming `lang`.
 */
export async function resolveScope(kind: string, region: string, lang?: string | null): Promise<TemplateScope> {
  const k = NOTICE_KINDS.find((n) => n === kind);
  if (!k) throw notFound(`notice kind "${kind}"`);
  const asked = lang?.trim() ? parseLang(lang) : null;
  if (lang?.trim() && !asked) throw validation('lang', `lang: "${lang.slice(0, 40)}" is not a language notices are written in; use ${LANGUAGES.join(', ')}`);
  if (region === ALL_REGIONS) return { kind: k, regionSlug: null, lang: asked ?? DEFAULT_LANG };
  const found = await db().region.findUnique({ where: { slug: region }, select: { slug: true, locale: true } });
  if (!found) throw notFound('region');
  return { kind: k, regionSlug: found.slug, lang: asked ?? regionLang(found.locale) };
}

/** `?lang=` as the template API and console pages take it. */
export const LangQuery = z.object({ lang: z.enum(LANGUAGES).optional().describe('The language of the template (default: the region’s; English for `all`)') });

const MAX_RENDERED_SUBJECT = 250;

export const scopeId = (s: TemplateScope) => `${s.kind}/${s.regionSlug ?? ALL_REGIONS}/${s.lang}`;

/**
 * Refuses text that would not say what staff meant: an unknown {{name}}, a placeholder that is
 * not closed, or a subject that does not render to a usable line. The 422 names the field.
 */
export function checkTemplateText(kind: NoticeKind, input: NoticeTemplateInput, lang: Lang = DEFAULT_LANG): void {
  for (const field of ['subject', 'body'] as const) {
    const unknown = unknownVariables(input[field]);
    if (unknown.length > 0) throw validation(field, `${field}: unknown placeholder ${unknown.map((u) => `{{${u}}}`).join(', ')}; known: ${NOTICE_VARIABLES.map((v) => `{{${v}}}`).join(' ')}`);
    const stray = /\{\{|\}\}/.exec(input[field].replace(/\{\{\s*[a-z_A-Z0-9]+\s*\}\}/g, ''));
    if (stray) throw validation(field, `${field}: "${stray[0]}" is not part of a complete placeholder such as {{product}}`);
  }
  // Rendered with Sidekick-week values in every data state: a subject that only grows too long
  // once {{services}} or {{incident_title}} are filled in is refused now, not at send time.
  for (const state of DATA_STATES) {
    const rendered = renderNotice({ ...previewProps(kind, 'tmobile', state, lang), copy: input });
    if (rendered.subject.length > MAX_RENDERED_SUBJECT) throw validation('subject', `subject: with real values filled in, the subject runs to ${rendered.subject.length} characters; keep it under ${MAX_RENDERED_SUBJECT}`);
  }
}
