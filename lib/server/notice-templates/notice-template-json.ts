import type { RegionPreview } from '../notices/preview-notice';
import type { KindTemplates, NoticeDefaults, TemplateScopeView } from './list-notice-templates';

/** The API's shape of one kind × region × language template (snake_case, region by slug). */
export function noticeTemplateJson(t: TemplateScopeView, defaults: NoticeDefaults) {
  return {
    kind: t.kind,
    region: t.region?.slug ?? null,
    lang: t.lang,
    customized: t.stored !== null,
    uses: t.uses,
    subject: t.stored?.subject ?? null,
    body: t.stored?.body ?? null,
    updated_at: t.stored?.updatedAt.toISOString() ?? null,
    defaults: defaults.map((d) => ({ data_states: d.dataStates, subject: d.copy.subject, body: d.copy.body })),
  };
}

export function noticeTemplateListJson(kinds: KindTemplates[]) {
  return { notice_templates: kinds.flatMap((k) => k.scopes.flat().map((s) => noticeTemplateJson(s, k.defaults[s.lang]))) };
}

export function templatePreviewJson(regions: RegionPreview[]) {
  return {
    regions: regions.map((r) => ({ region: r.regionSlug, region_name: r.regionName, carrier: r.carrier, product: r.product, time_zone: r.timeZone, audience: r.audience, template: r.source, subject: r.subject, html: r.html, text: r.text })),
  };
}
