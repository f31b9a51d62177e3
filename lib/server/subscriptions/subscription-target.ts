import { checkEndpoint, EndpointRefused, type Lookup } from '@/lib/channels/http/endpoint';
import { CHANNEL_LABELS, isHttpChannel, parseEnabledChannels, type Channel } from '@/lib/channels/types';
import { db } from '../db';
import { env } from '../env';
import { AppError } from '../errors';
import type { SubscribeInput } from './schemas';

// Where a subscription sends, checked before anything is written: the channel is on, the
// endpoint is https and resolves outside the network. The key names the subscription: the
// address for e-mail, else channel, contact and endpoint (one contact may have several).

export interface SubscriptionTarget {
  channel: Channel;
  key: string;
  endpoint: string | null;
  phoneNumber: string | null;
}

export const SMS_NOT_AVAILABLE = 'channel: SMS subscriptions are not available yet';

export async function enabledChannels(): Promise<Channel[]> {
  const settings = await db().pageSettings.findUnique({ where: { id: 1 }, select: { channels: true } });
  return parseEnabledChannels(settings?.channels);
}

/** `lookup` resolves the endpoint's host (default: the system resolver). */
export async function subscriptionTarget(data: SubscribeInput, lookup?: Lookup): Promise<SubscriptionTarget> {
  const channel = data.channel;
  if (channel === 'sms') throw new AppError('validation', SMS_NOT_AVAILABLE, 'channel');
  if (!(await enabledChannels()).includes(channel)) throw new AppError('validation', `channel: ${CHANNEL_LABELS[channel]} subscriptions are switched off on this status page`, 'channel');
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
