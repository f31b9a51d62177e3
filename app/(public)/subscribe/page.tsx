import type { Metadata } from 'next';
import Link from 'next/link';
import { cookies } from 'next/headers';
import { EVERY_LANGUAGE, regionLanguages } from '@/lib/i18n/languages';
import { translator } from '@/lib/i18n/t';
import { REGION_COOKIE } from '@/lib/server/public/hot-path';
import { pageLanguage, queryLang, type Query } from '@/lib/server/public/page-language';
import { localizeOptions, pageNameIn, subscriptionOptions } from '@/lib/server/subscriptions/subscription-options';
import { subscribeAction } from './actions';
import { PrefsFields } from './_components/prefs-fields';
import { PublicForm } from './_components/public-form';
import { ChannelFields } from './_components/channel-fields';
import { LanguageField } from './_components/language-field';
import { LanguageNav } from './_components/language-nav';
import { enabledChannels } from '@/lib/server/subscriptions/subscription-target';
import './subscribe.css';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ searchParams }: { searchParams: Promise<Query> }): Promise<Metadata> {
  const lang = queryLang(await searchParams);
  return { title: { absolute: `${translator(lang).t('subscribe.metaTitle')} · ${await pageNameIn(lang)}` } };
}

/**
 * `?region=<slug>` (links from a carrier's pages), else the carrier remembered by the picker's cookie,
 * preselects that carrier, its zone and its language; without a carrier the browser's language leads.
 */
export default async function SubscribePage({ searchParams }: { searchParams: Promise<Query> }) {
  const query = await searchParams;
  const stored = await subscriptionOptions();
  const asked = query.region;
  const wanted = [typeof asked === 'string' ? asked : undefined, (await cookies()).get(REGION_COOKIE)?.value];
  const region = wanted.map((slug) => stored.regions.find((r) => r.slug === slug)).find((r) => r !== undefined);
  const offered = region ? regionLanguages(region.locale, region.languages) : EVERY_LANGUAGE;
  const page = await pageLanguage({ path: '/subscribe', query, offered, browser: !region });
  const { tr } = page;
  const options = localizeOptions(stored, tr.lang);
  const channels = await enabledChannels();
  return (
    <main className="sub-page">
      <LanguageNav page={page} />
      <p className="sub-back">
        <Link href={region ? `/regions/${region.slug}?lang=${tr.lang}` : `/?lang=${tr.lang}`}>← {region ? tr.t('subscribe.back', { product: region.product, carrier: region.carrier }) : options.brand}</Link>
      </p>
      <h1>{channels.length > 1 ? tr.t('subscribe.metaTitle') : tr.t('subscribe.titleEmail')}</h1>
      <p className="sub-lead">{tr.t('subscribe.lead')}</p>
      <PublicForm action={subscribeAction} className="sub-form" label={tr.t('subscribe.submit')} doneTitle={tr.t('subscribe.doneTitle')} doneReplacesForm>
        <input type="hidden" name="lang" value={tr.lang} />
        <label className="sub-field">
          <span>{tr.t('subscribe.email')}</span>
          <input type="email" name="email" required maxLength={254} autoComplete="email" inputMode="email" />
        </label>
        <ChannelFields tr={tr} channels={channels} />
        {/* Notices may be in any language Candor speaks, the carrier's first. */}
        <LanguageField tr={tr} choices={[...offered, ...EVERY_LANGUAGE.filter((l) => !offered.some((o) => o.lang === l.lang))]} value={tr.locale} />
        <PrefsFields tr={tr} options={options} value={{ regions: region ? [region.slug] : 'all', components: 'all', noticeKinds: [], timeZone: region?.timeZone ?? options.timeZone }} detectZone />
        <button type="submit" className="sub-button">
          {tr.t('subscribe.submit')}
        </button>
        <p className="sub-muted">{tr.t('subscribe.confirmNote')}</p>
      </PublicForm>
    </main>
  );
}
