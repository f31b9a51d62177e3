import { describe, expect, it } from 'vitest';
import { maskEndpoint } from '@/lib/channels/http/mask-endpoint';

describe('masking an endpoint for staff', () => {
  it.each([
    ['https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstWXYZ', 'https://hooks.slack.com/…WXYZ'],
    ['https://discord.com/api/webhooks/123456789012345678/secret-token-value-9876', 'https://discord.com/…9876'],
    ['https://contoso.webhook.office.com/webhookb2/aaaa@bbbb/IncomingWebhook/cccc/dddd?x=1234', 'https://contoso.webhook.office.com/…1234'],
    ['https://user:pass@hooks.partner.example:8443/candor/hook-with-a-long-path', 'https://hooks.partner.example:8443/…path'],
    ['https://hooks.partner.example/short', 'https://hooks.partner.example/…'],
    ['https://hooks.partner.example/', 'https://hooks.partner.example/'],
    ['not a url', '…'],
  ])('%s', (raw, masked) => {
    expect(maskEndpoint(raw)).toBe(masked);
  });

  it('never keeps more of a secret path than its last four characters', () => {
    const secret = 'S3cr3tS3cr3tS3cr3tS3cr3t';
    const masked = maskEndpoint(`https://hooks.slack.com/services/T0/B0/${secret}`);
    expect(masked).not.toContain(secret.slice(0, -4));
    expect(masked.endsWith(secret.slice(-4))).toBe(true);
  });
});
