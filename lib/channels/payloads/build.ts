import type { PayloadInput } from '../channel-notice';
import type { HttpChannel } from '../types';
import { discordPayload } from './discord';
import { slackPayload } from './slack';
import { teamsPayload } from './teams';
import { webhookPayload } from './webhook';

/** The request body for one HTTP channel. */
export const HTTP_PAYLOADS: Record<HttpChannel, (input: PayloadInput) => unknown> = {
  webhook: webhookPayload,
  slack: slackPayload,
  teams: teamsPayload,
  discord: discordPayload,
};

export function httpPayload(channel: HttpChannel, input: PayloadInput): string {
  return JSON.stringify(HTTP_PAYLOADS[channel](input));
}
