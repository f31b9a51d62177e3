import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { buildChannelNotice, personaliseNotice, type ChannelNoticeFacts } from '@/lib/channels/channel-notice';
import { HTTP_PAYLOADS, httpPayload } from '@/lib/channels/payloads/build';
import { ADAPTIVE_CARD } from '@/lib/channels/payloads/teams';
import { newWebhookSecret, signatureHeaders } from '@/lib/channels/http/sign';
import { HTTP_CHANNELS } from '@/lib/channels/types';
import { previewProps, renderNotice } from '@/lib/mail/templates/notice';
import { formatLocalTime, MANAGE_MARKER, personalise, UNSUBSCRIBE_MARKER } from '@/lib/mail/templates/variables';
import { cap } from '@/lib/channels/payloads/cap';

const facts = (slug: string): ChannelNoticeFacts => ({
  noticeId: 'ntc_1',
  region: { slug, url: `https://status.example.com/regions/${slug}` },
  page: { id: 'status.example.com', name: 'Candor status', url: 'https://status.example.com', status_indicator: 'critical', status_description: 'Major System Outage' },
  incident: { id: 'inc_1', name: 'Service outage affecting personal data', status: 'identified', impact: 'critical', created_at: '2009-10-02T09:30:00.000Z', updated_at: '2009-10-10T18:00:00.000Z', started_at: '2009-10-02T09:30:00.000Z', resolved_at: null, shortlink: `https://status.example.com/regions/${slug}/incidents/inc_1`, incident_updates: [{ id: 'upd_1', incident_id: 'inc_1', status: 'identified', body: 'Servers failed.', created_at: '2009-10-10T18:00:00.000Z', updated_at: '2009-10-10T18:00:00.000Z', display_at: '2009-10-10T18:00:00.000Z' }] },
  impacts: [{ component_id: 'cmp_1', component: 'Contacts', status: 'major_outage', data_state: 'lost', affected_users: 12_000, restored_users: 0 }],
  componentUpdate: { id: 'ui_1', component_id: 'cmp_1', created_at: '2009-10-10T18:00:00.000Z', new_status: 'major_outage', old_status: 'degraded_performance', component: { id: 'cmp_1', name: 'Contacts', status: 'major_outage', created_at: '2009-01-01T00:00:00.000Z' } },
});

function input(carrier: 'telstra' | 'tmobile') {
  const props = previewProps('data_loss', carrier);
  const notice = buildChannelNotice(props, facts(carrier === 'telstra' ? 'telstra-au' : 'tmobile-us'));
  const manageUrl = 'https://status.example.com/manage/sub_1.token';
  const personal = personaliseNotice(notice, { timeZone: 'Australia/Sydney', locale: 'en-AU', manageUrl, unsubscribeUrl: 'https://status.example.com/u/sub_1.token' });
  return { props, notice: personal, manageUrl, unsubscribeUrl: 'https://status.example.com/u/sub_1.token', now: new Date('2009-10-10T18:05:00Z') };
}

describe('channel notices say what the e-mail says', () => {
  it('carries the e-mail subject, body and data lines for the region, with times filled in for the reader', () => {
    const { props, notice } = input('telstra');
    const email = renderNotice(props);
    expect(notice.subject).toBe(email.subject);
    expect(notice.subject).toContain('Hiptop');
    for (const p of notice.paragraphs) expect(email.text.replace(/\s+/g, ' ')).toContain(p.replace(/\s+/g, ' ').slice(0, 40));
    expect(notice.data.map((d) => d.service)).toEqual(props.data.map((d) => d.service));
    expect(JSON.stringify(notice)).not.toContain('{{%');
    expect(notice.facts.find((f) => f.label === 'Started')?.value).toBe(formatLocalTime(props.startedAt, 'Australia/Sydney', 'en-AU'));
  });
});

describe('payloads per channel', () => {
  it('webhook: Statuspage shape plus Candor per-region impact and data state', () => {
    const body = JSON.parse(httpPayload('webhook', input('telstra'))) as Record<string, Record<string, unknown>>;
    expect(Object.keys(body).sort()).toEqual(['candor', 'component', 'component_update', 'incident', 'meta', 'page']);
    expect(body.meta).toMatchObject({ unsubscribe: 'https://status.example.com/u/sub_1.token' });
    expect(body.page).toMatchObject({ status_indicator: 'critical' });
    expect(body.incident).toMatchObject({ id: 'inc_1', name: 'Service outage affecting personal data', impact: 'critical', incident_updates: [expect.objectContaining({ body: 'Servers failed.' })] });
    // Statuspage's pair: the change (with the status before it) and the component as it now is.
    expect(body.component_update).toEqual({ id: 'ui_1', component_id: 'cmp_1', created_at: '2009-10-10T18:00:00.000Z', new_status: 'major_outage', old_status: 'degraded_performance' });
    expect(body.component).toEqual({ id: 'cmp_1', name: 'Contacts', status: 'major_outage', created_at: '2009-01-01T00:00:00.000Z' });
    expect(body.candor).toMatchObject({ data_state: 'lost', region: { slug: 'telstra-au', carrier: 'Telstra', product: 'Hiptop' }, impacts: [expect.objectContaining({ data_state: 'lost', affected_users: 12_000 })] });
  });

  it('webhook: a notice stored before the component was kept still sends its component_update, without a component', () => {
    const legacy = input('telstra');
    const { component: _dropped, ...stored } = legacy.notice.componentUpdate!;
    const body = JSON.parse(httpPayload('webhook', { ...legacy, notice: { ...legacy.notice, componentUpdate: { ...stored, old_status: null } } })) as Record<string, unknown>;
    expect(Object.keys(body)).not.toContain('component');
    expect(body.component_update).toMatchObject({ component_id: 'cmp_1', old_status: null });
  });

  it('webhook signatures verify with the standardwebhooks package, and fail for a changed body or another secret', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const body = httpPayload('webhook', input('tmobile'));
    const headers = signatureHeaders(secret, 'msg_1', new Date(), body);
    expect(new Webhook(secret).verify(body, headers)).toMatchObject({ incident: { id: 'inc_1' } });
    expect(() => new Webhook(secret).verify(body.replace('inc_1', 'inc_2'), headers)).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it('Slack: Block Kit with a fallback text, the carrier voice, and buttons to the live status, the region page and the manage page', () => {
    const body = JSON.parse(httpPayload('slack', input('telstra'))) as { text: string; blocks: { type: string; elements?: { url?: string }[]; text?: { text: string } }[] };
    expect(body.text).toContain('Hiptop on Telstra');
    expect(body.blocks[0]).toMatchObject({ type: 'header' });
    const urls = body.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements!.map((e) => e.url));
    expect(urls).toEqual([input('telstra').props.statusUrl, 'https://status.example.com/regions/telstra-au', 'https://status.example.com/manage/sub_1.token']);
    expect(JSON.stringify(body)).not.toContain('Sidekick');
  });

  it('Slack: a region name as long as the console allows (100 characters) still gives buttons within Slack’s 75', () => {
    const long = input('telstra');
    const name = `Telstra ${'Hiptop customers in regional Australia '.repeat(3)}`.slice(0, 100);
    expect(name).toHaveLength(100);
    long.notice = { ...long.notice, region: { ...long.notice.region, name } };
    const body = JSON.parse(httpPayload('slack', long)) as { blocks: { type: string; elements?: { text: { text: string } }[] }[] };
    const texts = body.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements!.map((e) => e.text.text));
    expect(texts).toHaveLength(3);
    for (const text of texts) expect(text.length, text).toBeLessThanOrEqual(75);
    // The region's button still names the start of it.
    expect(texts[1]).toContain('Telstra Hiptop customers');
    expect(texts[1]!.endsWith('…')).toBe(true);
  });

  it('Teams: an Adaptive Card in the message/attachments envelope with the same links', () => {
    const body = JSON.parse(httpPayload('teams', input('tmobile'))) as { type: string; attachments: { contentType: string; content: { type: string; version: string; body: { type: string; text?: string }[]; actions: { url: string }[] } }[] };
    expect(body.type).toBe('message');
    expect(body.attachments[0]!.contentType).toBe(ADAPTIVE_CARD);
    const card = body.attachments[0]!.content;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(card.body[0]!.text).toContain('Sidekick');
    expect(card.body.some((b) => b.type === 'FactSet')).toBe(true);
    expect(card.actions.map((a) => a.url)).toContain('https://status.example.com/manage/sub_1.token');
    expect(card.actions.map((a) => a.url)).toContain('https://status.example.com/regions/tmobile-us');
  });

  it('Discord: one embed in the carrier colour, mentions off, within Discord limits, linking the region and manage pages', () => {
    const body = JSON.parse(httpPayload('discord', input('telstra'))) as { allowed_mentions: { parse: string[] }; embeds: { title: string; color: number; description: string; fields: { name: string; value: string }[] }[] };
    expect(body.allowed_mentions.parse).toEqual([]);
    const e = body.embeds[0]!;
    expect(e.color).toBe(0x0064d2);
    expect(e.title.length).toBeLessThanOrEqual(256);
    expect(e.description.length).toBeLessThanOrEqual(4096);
    for (const f of e.fields) expect(f.value.length).toBeLessThanOrEqual(1024);
    const links = e.fields.find((f) => f.name === 'Links')!.value;
    expect(links).toContain('https://status.example.com/regions/telstra-au');
    expect(links).toContain('https://status.example.com/manage/sub_1.token');
  });

  it('a body built once with markers and filled per subscriber equals one built from the filled notice', () => {
    const props = previewProps('recovery', 'telstra');
    const notice = buildChannelNotice({ ...props, incidentTitle: 'Quotes " and \\ backslashes' }, facts('telstra-au'));
    const p = { timeZone: 'Australia/Sydney', locale: 'en-AU', manageUrl: 'https://status.example.com/manage/sub_9.tok', unsubscribeUrl: 'https://status.example.com/u/sub_9.tok' };
    const now = new Date('2009-10-10T18:05:00Z');
    for (const channel of HTTP_CHANNELS) {
      const template = httpPayload(channel, { notice, manageUrl: MANAGE_MARKER, unsubscribeUrl: UNSUBSCRIBE_MARKER, now });
      const direct = httpPayload(channel, { notice: personaliseNotice(notice, p), manageUrl: p.manageUrl, unsubscribeUrl: p.unsubscribeUrl, now });
      expect(JSON.parse(personalise(template, p, 'json')), channel).toEqual(JSON.parse(direct));
    }
  });

  it('shortens to a limit without cutting a marker in half', () => {
    const marked = `${'a'.repeat(10)}{{%manage_url%}}`;
    expect(cap(marked, 15)).toBe(`${'a'.repeat(10)}…`);
    expect(cap(marked, 100)).toBe(marked);
    expect(cap('abcdef', 4)).toBe('abc…');
  });

  it('every HTTP channel has a builder', () => {
    expect(Object.keys(HTTP_PAYLOADS).sort()).toEqual([...HTTP_CHANNELS].sort());
  });
});
