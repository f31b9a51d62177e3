import type { NoticeKind } from '@/lib/generated/postgresql/enums';
import { DATA_STATE_LABEL } from '@/lib/domain/data-state';
import type { DataState } from '@/lib/domain/status';
import type { Lang } from '@/lib/i18n/languages';
import { branchesOnData, defaultNoticeCopy, type NoticeCopy } from './notice-defaults';

/** A stored NoticeTemplate row: a region slug, or null for every carrier. */
export interface StoredTemplate {
  regionSlug: string | null;
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
 * The copy for one region: the notice's own subject or body (staff override) > the region's
 * template > the template for every carrier > Candor's default for the region's data state.
 */
export function pickCopy(input: { kind: NoticeKind; regionSlug: string; dataState: DataState | null; templates: readonly StoredTemplate[]; subject?: string | null; body?: string | null; lang?: Lang }): { copy: NoticeCopy; source: TemplateSource } {
  const regional = input.templates.find((t) => t.regionSlug === input.regionSlug);
  const general = input.templates.find((t) => t.regionSlug === null);
  const base = regional ?? general ?? defaultNoticeCopy(input.kind, input.dataState, input.lang);
  const subject = input.subject?.trim();
  const body = input.body?.trim();
  const copy = { subject: subject || base.subject, body: body || base.body };
  const draft = (t: StoredTemplate) => (t.draft ? 'your draft of ' : '');
  const baseSource: TemplateSource = regional
    ? { scope: 'region', label: `${draft(regional)}the template for ${input.regionSlug}` }
    : general
      ? { scope: 'all', label: `${draft(general)}the template for all carriers` }
      : { scope: 'default', label: branchesOnData(input.kind) ? `Candor's default (${DATA_STATE_LABEL[input.dataState ?? 'intact']})` : "Candor's default" };
  if (subject || body) return { copy, source: { scope: 'override', label: `text written for this notice${subject && body ? '' : `; the rest from ${baseSource.label}`}` } };
  return { copy, source: baseSource };
}
