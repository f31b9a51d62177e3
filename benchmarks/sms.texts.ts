import type { SmsMessage } from '@/lib/channels/sms';

// The bench's messages: three regions' notices (one GSM-7 segment each), one number per subscriber.
const NOTICES = [
  { from: 'Telstra', text: 'Telstra: data loss affecting Sydney customers since 09:00 AEDT. Messages sent in that window may be lost. Details: https://status.example.net/r/au' },
  { from: 'T-Mobile', text: 'T-Mobile: service recovered in Seattle at 10:42 PST. Data from 09:00-10:40 is being restored. Details: https://status.example.net/r/us' },
  { from: 'Vodafone', text: 'Vodafone: degraded service in Berlin since 08:15 CET. Next update by 11:00. Details: https://status.example.net/r/de' },
];

export function benchSms(i: number): SmsMessage {
  const n = NOTICES[i % NOTICES.length]!;
  return { to: `+614${String(10_000_000 + i).padStart(8, '0')}`, from: n.from, text: n.text, reference: `bench-${i}` };
}
