import type { ChannelDelivery, ChannelOutcome, ChannelSender } from '../types';
import { classifyHttpError, classifyHttpResponse } from './classify';
import { HttpAttemptError, HttpClient, type HttpClientOptions } from './client';
import { signatureHeaders } from './sign';

/** Webhook, Slack, Teams and Discord: one POST through the guarded client; webhooks are signed (Standard Webhooks). */
export class HttpChannelSender implements ChannelSender {
  private readonly client: HttpClient;

  constructor(options: HttpClientOptions) {
    this.client = new HttpClient(options);
  }

  async send(d: ChannelDelivery): Promise<ChannelOutcome> {
    if (!d.endpoint) return { kind: 'failed', reason: 'the subscription has no endpoint' };
    let headers: Record<string, string> = {};
    if (d.channel === 'webhook') {
      if (!d.secret) return { kind: 'failed', reason: 'the webhook subscription has no signing secret' };
      headers = signatureHeaders(d.secret, d.messageId, new Date(), d.body);
    }
    try {
      const response = await this.client.post(d.endpoint, d.body, headers);
      return classifyHttpResponse(response.status, response.headers['retry-after'], Date.now(), response.body);
    } catch (error) {
      if (error instanceof HttpAttemptError) return classifyHttpError(error);
      return { kind: 'retry', reason: (error as Error).message.slice(0, 300) };
    }
  }

  close(): Promise<void> {
    this.client.close();
    return Promise.resolve();
  }
}
