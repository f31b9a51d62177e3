import type { Metadata } from 'next';
import Link from 'next/link';
import { SMS_CODE_MINUTES } from '@/lib/domain/sms-code';
import { smsCodeAction } from '../actions';
import { PublicForm } from '../_components/public-form';
import '../subscribe.css';

export const metadata: Metadata = { title: 'Type your code', robots: { index: false } };
export const dynamic = 'force-dynamic';

/** The second step of subscribing by SMS: the 6-digit code texted to the number. A plain form, so it works without JavaScript. */
export default async function SmsCodePage({ searchParams }: { searchParams: Promise<{ phone?: string | string[] }> }) {
  const asked = (await searchParams).phone;
  const phone = typeof asked === 'string' ? asked.slice(0, 32) : '';
  return (
    <main className="sub-page">
      <p className="sub-back">
        <Link href="/subscribe">← Subscribe</Link>
      </p>
      <h1>Type the code we texted you</h1>
      <p className="sub-lead">If the number can receive text messages, a 6-digit code is on its way. It works for {SMS_CODE_MINUTES} minutes. Nothing arrives until you type it here.</p>
      <PublicForm action={smsCodeAction} className="sub-form" label="Confirm your number">
        <label className="sub-field">
          <span>Mobile number</span>
          <input type="tel" name="phone_number" required maxLength={32} inputMode="tel" autoComplete="tel" defaultValue={phone} placeholder="+61412345678" />
        </label>
        <label className="sub-field">
          <span>Code</span>
          <input type="text" name="code" required maxLength={7} inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,7}" />
        </label>
        <button type="submit" className="sub-button">
          Confirm
        </button>
        <p className="sub-muted">
          No code? <Link href="/subscribe">Ask again</Link>.
        </p>
      </PublicForm>
    </main>
  );
}
