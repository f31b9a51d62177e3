import type { NoticeKind } from '@/lib/generated/postgresql/enums';
import { DATA_STATE_LABEL } from '@/lib/domain/data-state';
import type { DataState } from '@/lib/domain/status';
import { DEFAULT_LANG, LANGUAGE_NAMES, type Lang } from '@/lib/i18n/languages';
import { branchesOnData, defaultNoticeCopy, type NoticeCopy } from './notice-defaults';

/** A stored NoticeTemplate row: a region slug, or null for every carrier. */
export interface StoredTemplate {
  regionSlug: string | null;
  /** The language it is written in: only readers of that language are given it. */
  lang: string;
  subject: string;
  body: string;
  /** Not saved yet: a template being previewed in the console or the API. */
  draft?: boolean;
}

/** Which text a notice used, so staff can see it beside every preview. */
export interface TemplateSource {
  scope: 'override' | 'region' | 'all' | 'default';
  label: string;
}

/**
 * The copy for one region in one language: the notice's own subject or body (staff override) > the
 * region's template in that language > the template for every carrier in that language > Candor's
 * default in that language for the region's data state.
 */
export function pickCopy(input: { kind: NoticeKind; regionSlug: string; dataState: DataState | null; templates: readonly StoredTemplate[]; subject?: string | null; body?: string | null; lang?: Lang }): { copy: NoticeCopy; source: TemplateSource } {
  const lang = input.lang ?? DEFAULT_LANG;
  const regional = input.templates.find((t) => t.regionSlug === input.regionSlug && t.lang === lang);
  const general = input.templates.find((t) => t.regionSlug === null && t.lang === lang);
  // Staff see which language's template was used when it is not English.
  const inLang = lang === DEFAULT_LANG ? '' : ` (${LANGUAGE_NAMES[lang]})`;
  const base = regional ?? general ?? defaultNoticeCopy(input.kind, input.dataState, input.lang);
  const subject = input.subject?.trim();
  const body = input.body?.trim();
  const copy = { subject: subject || base.subject, body: body || base.body };
  const draft = (t: StoredTemplate) => (t.draft ? 'your draft of ' : '');
  const baseSource: TemplateSource = regional
    ? { scope: 'region', label: `${draft(regional)}the template for ${input.regionSlug}${inLang}` }
    : general
      ? { scope: 'all', label: `${draft(general)}the template for all carriers${inLang}` }
      : { scope: 'default', label: branchesOnData(input.kind) ? `Candor's default (${DATA_STATE_LABEL[input.dataState ?? 'intact']})` : "Candor's default" };
  if (subject || body) return { copy, source: { scope: 'override', label: `text written for this notice${subject && body ? '' : `; the rest from ${baseSource.label}`}` } };
  return { copy, source: baseSource };
}
