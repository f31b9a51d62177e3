import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { checkEndpoint, EndpointRefused, type Lookup } from '@/lib/channels/http/endpoint';
import { CHANNEL_LABELS, isHttpChannel, parseEnabledChannels, type Channel } from '@/lib/channels/types';
import { db } from '../db';
import { env } from '../env';
import { AppError } from '../errors';
import type { SubscribeInput } from './schemas';

// Where a subscription sends, checked before anything is written: the channel is on, the
// endpoint is https and resolves outside the network. The key names the subscription: the
// address for e-mail, the number for SMS (a phone is one subscriber, whoever typed it in, so it
// is never texted twice), else channel, contact and endpoint (one contact may have several).

export interface SubscriptionTarget {
  channel: Channel;
  key: string;
  endpoint: string | null;
  phoneNumber: string | null;
}

export async function enabledChannels(): Promise<Channel[]> {
  const settings = await db().pageSettings.findUnique({ where: { id: 1 }, select: { channels: true } });
  return parseEnabledChannels(settings?.channels);
}

/** The number in E.164 (+61412345678), checked with libphonenumber's metadata; a 422 naming phone_number otherwise. */
export function e164PhoneNumber(raw: string | undefined): string {
  const text = (raw ?? '').trim();
  if (!text) throw new AppError('validation', 'phone_number: the sms channel needs a mobile number in E.164 form (+61412345678)', 'phone_number');
  const parsed = /^\+[1-9]\d{1,14}$/.test(text) ? parsePhoneNumberFromString(text) : undefined;
  if (!parsed || !parsed.isValid()) throw new AppError('validation', `phone_number: "${text.slice(0, 32)}" is not a valid number in E.164 form (a + and the country code, then the number, no spaces: +61412345678)`, 'phone_number');
  return parsed.number;
}

/** The key of a number's SMS subscription (E.164). */
export const smsKey = (phoneNumber: string) => `sms ${phoneNumber}`;

/** `lookup` resolves the endpoint's host (default: the system resolver). */
export async function subscriptionTarget(data: SubscribeInput, lookup?: Lookup): Promise<SubscriptionTarget> {
  const channel = data.channel;
  if (!(await enabledChannels()).includes(channel)) throw new AppError('validation', `channel: ${CHANNEL_LABELS[channel]} subscriptions are switched off on this status page`, 'channel');
  if (channel === 'sms') {
    const phoneNumber = e164PhoneNumber(data.phone_number);
    return { channel, key: smsKey(phoneNumber), endpoint: null, phoneNumber };
  }
  if (channel === 'email') return { channel, key: data.email, endpoint: null, phoneNumber: null };
  if (!isHttpChannel(channel) || !data.endpoint) throw new AppError('validation', `endpoint: the ${channel} channel needs the https URL to post to`, 'endpoint');
  let url: URL;
  try {
    url = await checkEndpoint(data.endpoint, { allowPrivate: env().webhooksAllowPrivate, lookup });
  } catch (error) {
    if (error instanceof EndpointRefused) throw new AppError('validation', `endpoint: ${error.message}`, 'endpoint');
    throw error;
  }
  const endpoint = url.href;
  return { channel, key: `${channel} ${data.email} ${endpoint}`, endpoint, phoneNumber: null };
}
