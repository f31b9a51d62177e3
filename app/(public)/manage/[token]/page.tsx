import type { Metadata } from 'next';
import Link from 'next/link';
import type { MessageKey } from '@/lib/i18n/catalogs';
import { EVERY_LANGUAGE, parseLang } from '@/lib/i18n/languages';
import { translator } from '@/lib/i18n/t';
import { AppError } from '@/lib/server/errors';
import { pageLanguage, queryLang, type Query } from '@/lib/server/public/page-language';
import { getSubscription, type SubscriptionView } from '@/lib/server/subscriptions/manage-subscription';
import { localizeOptions, pageNameIn, subscriptionOptions } from '@/lib/server/subscriptions/subscription-options';
import { saveSubscriptionAction, subscriptionStateAction } from '../../subscribe/actions';
import { channelLabel } from '../../subscribe/_components/channel-fields';
import { LanguageField } from '../../subscribe/_components/language-field';
import { LanguageNav } from '../../subscribe/_components/language-nav';
import { PrefsFields } from '../../subscribe/_components/prefs-fields';
import { PublicForm } from '../../subscribe/_components/public-form';
import '../../subscribe/subscribe.css';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ searchParams }: { searchParams: Promise<Query> }): Promise<Metadata> {
  const lang = queryLang(await searchParams);
  return { title: { absolute: `${translator(lang).t('manage.metaTitle')} · ${await pageNameIn(lang)}` }, robots: { index: false } };
}

/** In the subscriber's own language (chosen when subscribing) unless they pick another here. */
export default async function ManagePage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<Query> }) {
  const { token } = await params;
  const query = await searchParams;
  const { confirmed, unsubscribed, done } = query;
  let sub: SubscriptionView | null = null;
  try {
    sub = await getSubscription({ token });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
  const page = await pageLanguage({ path: `/manage/${encodeURIComponent(token)}`, query, preferred: sub?.pageLocale ?? null, browser: true });
  const { tr } = page;
  if (!sub) {
    return (
      <main className="sub-page">
        <LanguageNav page={page} />
        <h1>{tr.t('confirm.badTitle')}</h1>
        <p className="sub-lead">{tr.t('manage.badLead')}</p>
        <p>
          <Link href={`/subscribe?lang=${tr.lang}`}>{tr.t('subscribe.submit')}</Link>
        </p>
      </main>
    );
  }
  const options = localizeOptions(await subscriptionOptions(), tr.lang);
  const state = sub.unsubscribed ? tr.t('manage.state.unsubscribed') : sub.disabledAt ? tr.t('manage.state.off') : !sub.confirmed ? tr.t('manage.state.unconfirmed') : sub.paused ? tr.t('manage.state.paused') : tr.t('manage.state.active');
  // What the last action did, said only while it is still what is stored (a later change elsewhere wins).
  const doneNote = done === 'saved' && !sub.unsubscribed ? tr.t('manage.saved') : done === 'pause' && sub.paused ? tr.t('manage.paused') : done === 'resume' && !sub.paused && !sub.unsubscribed ? tr.t('manage.resumed') : done === 'resubscribe' && !sub.unsubscribed ? tr.t('manage.welcomeBack') : null;
  const stored = { regions: sub.regions, components: sub.components, noticeKinds: sub.noticeKinds, timeZone: sub.timeZone };
  // The stored language's own locale (en-CA stays en-CA) among Candor's languages.
  const languages = EVERY_LANGUAGE.map((o) => (o.lang === parseLang(sub.locale) ? { lang: o.lang, locale: sub.locale } : o));
  const strong = (key: MessageKey, values: Record<string, string>) => {
    // The addresses and numbers in a sentence stand out, in whatever order the language puts them.
    const marks = Object.entries(values);
    const parts = tr.t(key, Object.fromEntries(marks.map(([k], i) => [k, `\u0000${i}\u0000`]))).split('\u0000');
    return parts.map((p, i) => (i % 2 === 1 ? <strong key={i}>{marks[Number(p)]![1]}</strong> : p));
  };
  return (
    <main className="sub-page">
      <LanguageNav page={page} />
      <p className="sub-back">
        <Link href={`/?lang=${tr.lang}`}>← {options.brand}</Link>
      </p>
      <h1>{tr.t('manage.metaTitle')}</h1>
      {confirmed ? (
        <p className="sub-flash sub-flash-ok" role="status">
          {tr.t('manage.confirmed')}
        </p>
      ) : null}
      {unsubscribed && sub.unsubscribed ? (
        <p className="sub-flash sub-flash-ok" role="status">
          {tr.t('manage.unsubscribed')}
        </p>
      ) : null}
      {doneNote ? (
        <p className="sub-flash sub-flash-ok" role="status">
          {doneNote}
        </p>
      ) : null}
      <div className="sub-card">
        <p>{sub.channel === 'email' ? strong('manage.toEmail', { email: sub.email }) : sub.channel === 'sms' ? strong('manage.toSms', { phone: sub.phoneNumber ?? '', email: sub.email }) : strong('manage.toEndpoint', { channel: channelLabel(tr, sub.channel), host: sub.endpointHost ?? '', email: sub.email })}</p>
        {sub.disabledAt ? (
          <p className="sub-flash sub-flash-error" role="alert">
            {tr.t('manage.switchedOff', { when: new Intl.DateTimeFormat(tr.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: sub.timeZone }).format(sub.disabledAt), reason: sub.disabledReason ?? '' })}
          </p>
        ) : null}
        <p>
          {tr.t('manage.status')} <strong data-testid="subscription-state">{state}</strong>
        </p>
        <PublicForm action={subscriptionStateAction} className="sub-actions" label={tr.t('manage.actions')}>
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="lang" value={tr.lang} />
          {sub.unsubscribed ? (
            <button type="submit" name="intent" value="resubscribe" className="sub-button">
              {tr.t('manage.resubscribe')}
            </button>
          ) : (
            <>
              {sub.paused ? (
                <button type="submit" name="intent" value="resume" className="sub-button sub-button-quiet">
                  {tr.t('manage.resume')}
                </button>
              ) : (
                <button type="submit" name="intent" value="pause" className="sub-button sub-button-quiet">
                  {tr.t('manage.pause')}
                </button>
              )}
              <button type="submit" name="intent" value="unsubscribe" className="sub-button sub-button-danger">
                {tr.t('manage.unsubscribe')}
              </button>
            </>
          )}
        </PublicForm>
      </div>
      {sub.unsubscribed ? null : (
        <section className="sub-section" aria-labelledby="choices">
          <h2 id="choices">{tr.t('manage.choices')}</h2>
          {/* Keyed by what is stored: after a save the fields are rebuilt from the database, never left as typed. */}
          <PublicForm key={JSON.stringify({ ...stored, locale: sub.locale })} action={saveSubscriptionAction} className="sub-form" label={tr.t('manage.choicesForm')}>
            <input type="hidden" name="token" value={token} />
            <input type="hidden" name="lang" value={tr.lang} />
            <LanguageField tr={tr} choices={languages} value={sub.locale} eachCarrier />
            <PrefsFields tr={tr} options={options} value={stored} />
            <button type="submit" className="sub-button">
              {tr.t('manage.save')}
            </button>
          </PublicForm>
        </section>
      )}
    </main>
  );
}
