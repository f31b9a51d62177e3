import type { NoticeKind } from '@/lib/generated/postgresql/enums';
import { countAudienceByRegion } from '@/lib/jobs/audience-sql';
import { renderNotice } from '@/lib/mail/templates/notice';
import type { StoredTemplate, TemplateSource } from '@/lib/mail/templates/pick-copy';
import { personalise, unknownVariables } from '@/lib/mail/templates/variables';
import { publicBaseUrl } from '@/lib/mail/send';
import { hasRole, type Actor } from '../actor';
import { forbidden } from '../errors';
import { noticePropsByRegion } from './notice-props';

export interface RegionPreview {
  regionSlug: string;
  regionName: string;
  carrier: string;
  product: string;
  timeZone: string;
  audience: number;
  /** Which text this region's preview used. */
  source: TemplateSource;
  subject: string;
  html: string;
  text: string;
}

/** What each region's subscribers would read, and how many of them there are, before anything is sent. */
export async function previewNotice({ actor, incidentId, kind, subject, body, draft, regionSlug }: { actor: Actor; incidentId: string; kind: NoticeKind; subject?: string | null; body?: string | null; draft?: StoredTemplate; regionSlug?: string }): Promise<{ audience: number; unknownVariables: string[]; regions: RegionPreview[] }> {
  if (!hasRole(actor, 'viewer')) throw forbidden();
  const [byRegion, counts] = await Promise.all([noticePropsByRegion({ incidentId, kind, subject, body, draft }), countAudienceByRegion(incidentId, kind)]);
  const base = await publicBaseUrl();
  const chosen = regionSlug ? byRegion.filter((r) => r.region.slug === regionSlug) : byRegion;
  const regions = chosen.map(({ region, props, source }) => {
    const r = renderNotice(props);
    const p = { timeZone: region.timeZone, locale: region.locale, manageUrl: `${base}/manage/preview`, unsubscribeUrl: `${base}/u/preview` };
    return {
      regionSlug: region.slug,
      regionName: region.name,
      carrier: region.carrier,
      product: region.product,
      timeZone: region.timeZone,
      audience: counts.get(region.id) ?? 0,
      source,
      subject: personalise(r.subject, p, false),
      html: personalise(r.html, p, true),
      text: personalise(r.text, p, false),
    };
  });
  return { audience: regions.reduce((n, r) => n + r.audience, 0), unknownVariables: unknownVariables(`${subject ?? ''}\n${body ?? ''}`), regions };
}
