// The channels a notice can go out by, and the one interface every non-mail sender implements.
// E-mail keeps its own path (lib/jobs/worker.ts with the SMTP classifier); the others are sent by
// a ChannelSender chosen by the subscriber's channel, and their outcomes are mapped onto the
// same delivery rows, backoff, attempt limit and pause as mail.

export const CHANNELS = ['email', 'webhook', 'slack', 'teams', 'discord', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Channels that post to an https endpoint the subscriber gives. */
export const HTTP_CHANNELS = ['webhook', 'slack', 'teams', 'discord'] as const;
export type HttpChannel = (typeof HTTP_CHANNELS)[number];

export const isHttpChannel = (c: string): c is HttpChannel => (HTTP_CHANNELS as readonly string[]).includes(c);

/** What a fresh install offers: every channel (SMS goes to the local outbox until SMS_URL names an SMSC). */
export const DEFAULT_ENABLED_CHANNELS: readonly Channel[] = CHANNELS;

/** Channels that can be subscribed to at all in this build (staff can switch the others off, not these on). */
export const AVAILABLE_CHANNELS: readonly Channel[] = DEFAULT_ENABLED_CHANNELS;

export const CHANNEL_LABELS: Record<Channel, string> = { email: 'E-mail', webhook: 'Webhook', slack: 'Slack', teams: 'Microsoft Teams', discord: 'Discord', sms: 'Text message (SMS)' };

/** The enabled channels stored in PageSettings.channels ("email,webhook,..."); e-mail is always on. */
export function parseEnabledChannels(stored: string | null | undefined): Channel[] {
  const named = new Set((stored ?? DEFAULT_ENABLED_CHANNELS.join(',')).split(',').map((s) => s.trim()));
  return CHANNELS.filter((c) => c === 'email' || named.has(c));
}

/** One claimed delivery for a non-mail channel, with the region's notice already personalised for this subscriber. */
export interface ChannelDelivery {
  id: number;
  noticeId: string;
  subscriberId: string;
  channel: Exclude<Channel, 'email'>;
  /** The https URL (webhook and chat channels). */
  endpoint: string | null;
  /** E.164 (SMS). */
  phoneNumber: string | null;
  /** SMS: the region's sender ID; null: SMS_URL's sender. */
  from?: string | null;
  /** The plain webhook signing secret (whsec_...), for the webhook channel. */
  secret: string | null;
  /** The same for every attempt of this delivery (the Standard Webhooks webhook-id), so receivers can drop repeats. */
  messageId: string;
  /** How many attempts were made before this one. */
  attempts: number;
  /** The request body, built by the channel's payload builder. */
  body: string;
}

/**
 * What happened to one attempt, in the terms the outbox acts on:
 * delivered: done. retry: this attempt failed, try again later (after retryAfterMs when the peer said so),
 * charged to the attempt limit. failed: refused for good for this delivery. dependency_down: our side
 * of the channel cannot send at all (SMSC unbound, say): hand the row back uncharged and pause the channel.
 */
export type ChannelOutcome =
  /** smsParts: the SMSC's id of each segment, stored with the outcome so the handset's receipts find the row. */
  | { kind: 'delivered'; reference: string; smsParts?: string[] }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'failed'; reason: string }
  | { kind: 'dependency_down'; reason: string; retryAfterMs?: number };

export interface ChannelSender {
  send(delivery: ChannelDelivery): Promise<ChannelOutcome>;
  close?(): Promise<void>;
}
