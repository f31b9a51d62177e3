/** The region fields recorded in the audit log. */
export const regionAuditView = (r: { name: string; slug: string; carrier: string; product: string; market: string; locale: string; languages: string; timeZone: string; estimatedUsers: number; accentColor: string; supportUrl: string | null; smsSenderId: string | null }) => ({
  name: r.name, slug: r.slug, carrier: r.carrier, product: r.product, market: r.market, locale: r.locale, languages: r.languages, timeZone: r.timeZone, estimatedUsers: r.estimatedUsers, accentColor: r.accentColor, supportUrl: r.supportUrl, smsSenderId: r.smsSenderId,
});
