import type { Metadata } from 'next';
import Link from 'next/link';
import { translator } from '@/lib/i18n/t';
import { pageNameIn } from '@/lib/server/subscriptions/subscription-options';
import { pageLanguage, queryLang, type Query } from '@/lib/server/public/page-language';
import { pendingConfirmation } from '@/lib/server/subscriptions/confirm-subscription';
import { confirmAction } from '../../subscribe/actions';
import { channelLabel } from '../../subscribe/_components/channel-fields';
import { LanguageNav } from '../../subscribe/_components/language-nav';
import { WebhookSecret } from '../../subscribe/_components/webhook-secret';
import '../../subscribe/subscribe.css';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ searchParams }: { searchParams: Promise<Query> }): Promise<Metadata> {
  const lang = queryLang(await searchParams);
  return { title: { absolute: `${translator(lang).t('confirm.metaTitle')} · ${await pageNameIn(lang)}` }, robots: { index: false } };
}

/**
 * Opening the link changes nothing (mail scanners fetch links); the one button below confirms.
 * The page speaks the language the subscriber chose when subscribing, unless they pick another.
 */
export default async function ConfirmPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<Query> }) {
  const { token } = await params;
  const query = await searchParams;
  const pending = query.failed ? null : await pendingConfirmation(token);
  const page = await pageLanguage({ path: `/confirm/${encodeURIComponent(token)}`, query, preferred: pending?.locale ?? null, browser: true });
  const { tr } = page;
  return (
    <main className="sub-page">
      <LanguageNav page={page} />
      {pending ? (
        <>
          <h1>{tr.t('confirm.metaTitle')}</h1>
          <p className="sub-lead">{pending.channel !== 'email' ? tr.t('confirm.leadEndpoint', { channel: channelLabel(tr, pending.channel), host: pending.endpointHost ?? '' }) : tr.t('confirm.leadEmail')}</p>
          {pending.secret ? <WebhookSecret tr={tr} secret={pending.secret} /> : null}
          <form action={confirmAction}>
            <input type="hidden" name="token" value={token} />
            <input type="hidden" name="lang" value={tr.lang} />
            <button type="submit" className="sub-button">
              {tr.t('confirm.yes')}
            </button>
          </form>
        </>
      ) : (
        <>
          <h1>{tr.t('confirm.badTitle')}</h1>
          <p className="sub-lead">{tr.t('confirm.badLead')}</p>
          <p>
            <Link href={`/subscribe?lang=${tr.lang}`}>{tr.t('confirm.again')}</Link>
          </p>
        </>
      )}
    </main>
  );
}
