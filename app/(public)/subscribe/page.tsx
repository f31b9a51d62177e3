import type { Metadata } from 'next';
import Link from 'next/link';
import { cookies } from 'next/headers';
import { REGION_COOKIE } from '@/lib/server/public/hot-path';
import { subscriptionOptions } from '@/lib/server/subscriptions/subscription-options';
import { subscribeAction } from './actions';
import { PrefsFields } from './_components/prefs-fields';
import { PublicForm } from './_components/public-form';
import { ChannelFields } from './_components/channel-fields';
import { enabledChannels } from '@/lib/server/subscriptions/subscription-target';
import './subscribe.css';

export const metadata: Metadata = { title: 'Get status notices' };
export const dynamic = 'force-dynamic';

/** `?region=<slug>` (links from a carrier's pages), else the carrier remembered by the picker's cookie, preselects that carrier and its zone. */
export default async function SubscribePage({ searchParams }: { searchParams: Promise<{ region?: string | string[] }> }) {
  const options = await subscriptionOptions();
  const asked = (await searchParams).region;
  const wanted = [typeof asked === 'string' ? asked : undefined, (await cookies()).get(REGION_COOKIE)?.value];
  const region = wanted.map((slug) => options.regions.find((r) => r.slug === slug)).find((r) => r !== undefined);
  const channels = await enabledChannels();
  return (
    <main className="sub-page">
      <p className="sub-back">
        <Link href={region ? `/regions/${region.slug}` : '/'}>← {region ? `${region.product} on ${region.carrier}` : options.brand}</Link>
      </p>
      <h1>{channels.length > 1 ? 'Get status notices' : 'Get notices by e-mail'}</h1>
      <p className="sub-lead">We write when something goes wrong with the services you use, in your carrier&apos;s name and your own time zone, and again when it is fixed. Every message has a one-click unsubscribe link.</p>
      <PublicForm action={subscribeAction} className="sub-form" label="Subscribe" doneReplacesForm>
        <label className="sub-field">
          <span>E-mail address</span>
          <input type="email" name="email" required maxLength={254} autoComplete="email" inputMode="email" />
        </label>
        <ChannelFields channels={channels} />
        <PrefsFields options={options} value={{ regions: region ? [region.slug] : 'all', components: 'all', noticeKinds: [], timeZone: region?.timeZone ?? options.timeZone }} detectZone />
        <button type="submit" className="sub-button">
          Subscribe
        </button>
        <p className="sub-muted">We send one message to confirm: a link by e-mail, or a code by text message. Nothing else arrives until you confirm.</p>
      </PublicForm>
    </main>
  );
}
