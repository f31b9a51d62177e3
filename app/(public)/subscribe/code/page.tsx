import type { Metadata } from 'next';
import Link from 'next/link';
import { SMS_CODE_MINUTES } from '@/lib/domain/sms-code';
import { translator } from '@/lib/i18n/t';
import { pageNameIn } from '@/lib/server/subscriptions/subscription-options';
import { pageLanguage, queryLang, type Query } from '@/lib/server/public/page-language';
import { smsCodeAction } from '../actions';
import { LanguageNav } from '../_components/language-nav';
import { PublicForm } from '../_components/public-form';
import '../subscribe.css';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ searchParams }: { searchParams: Promise<Query> }): Promise<Metadata> {
  const lang = queryLang(await searchParams);
  return { title: { absolute: `${translator(lang).t('subscribe.codeTitle')} · ${await pageNameIn(lang)}` }, robots: { index: false } };
}

/** The second step of subscribing by SMS: the 6-digit code texted to the number. A plain form, so it works without JavaScript. */
export default async function SmsCodePage({ searchParams }: { searchParams: Promise<Query> }) {
  const query = await searchParams;
  const asked = query.phone;
  const phone = typeof asked === 'string' ? asked.slice(0, 32) : '';
  const page = await pageLanguage({ path: '/subscribe/code', query });
  const { tr } = page;
  const subscribeHref = `/subscribe?lang=${tr.lang}`;
  return (
    <main className="sub-page">
      <LanguageNav page={page} />
      <p className="sub-back">
        <Link href={subscribeHref}>← {tr.t('subscribe.submit')}</Link>
      </p>
      <h1>{tr.t('subscribe.codeTitle')}</h1>
      <p className="sub-lead">{tr.t('subscribe.codeLead', { minutes: SMS_CODE_MINUTES })}</p>
      <PublicForm action={smsCodeAction} className="sub-form" label={tr.t('subscribe.codeForm')}>
        <input type="hidden" name="lang" value={tr.lang} />
        <label className="sub-field">
          <span>{tr.t('subscribe.phone')}</span>
          <input type="tel" name="phone_number" required maxLength={32} inputMode="tel" autoComplete="tel" defaultValue={phone} placeholder="+61412345678" />
        </label>
        <label className="sub-field">
          <span>{tr.t('subscribe.code')}</span>
          <input type="text" name="code" required maxLength={7} inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,7}" />
        </label>
        <button type="submit" className="sub-button">
          {tr.t('subscribe.codeSubmit')}
        </button>
        <p className="sub-muted">
          {tr.t('subscribe.noCode')} <Link href={subscribeHref}>{tr.t('subscribe.askAgain')}</Link>.
        </p>
      </PublicForm>
    </main>
  );
}
