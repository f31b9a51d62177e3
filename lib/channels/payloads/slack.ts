import { label, productOn, type PayloadInput } from '../channel-notice';
import { cap as capTo } from './cap';

// Slack incoming webhook: Block Kit, with `text` as the notification fallback. Slack's mrkdwn
// treats &, < and > as markup, so the notice's words are escaped.

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Block Kit limits a section's text to 3000 characters. */
const cap = (s: string, n = 3000) => capTo(s, n);
/** And a button's text to 75: longer, Slack refuses the whole message (a region's name may be 100). */
const BUTTON_TEXT = 75;

export function slackPayload({ notice, manageUrl }: PayloadInput) {
  const header = productOn(notice);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: cap(notice.subject, 150), emoji: false } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: esc(`${notice.brand} · ${header} · ${notice.region.name}`) }] },
    ...notice.paragraphs.map((p) => ({ type: 'section', text: { type: 'mrkdwn', text: cap(esc(p)) } })),
  ];
  if (notice.data.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cap(`*${esc(label(notice, 'notice.yourData'))}*\n${notice.data.map((d) => `• *${esc(d.service)}*: ${esc(d.status)}`).join('\n')}`) } });
  if (notice.latestUpdate) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cap(`*${esc(label(notice, 'notice.latestUpdate'))}*\n${esc(notice.latestUpdate)}`) } });
  if (notice.facts.length > 0) blocks.push({ type: 'section', fields: notice.facts.slice(0, 10).map((f) => ({ type: 'mrkdwn', text: cap(`*${esc(f.label)}*\n${esc(f.value)}`, 2000) })) });
  blocks.push({
    type: 'actions',
    elements: [
      { type: 'button', text: { type: 'plain_text', text: cap(label(notice, 'notice.seeStatus'), BUTTON_TEXT) }, url: notice.statusUrl, style: 'primary' },
      { type: 'button', text: { type: 'plain_text', text: cap(label(notice, 'notice.statusPage', { region: notice.region.name }), BUTTON_TEXT) }, url: notice.region.url },
      { type: 'button', text: { type: 'plain_text', text: cap(label(notice, 'notice.manageThese'), BUTTON_TEXT) }, url: manageUrl },
    ],
  });
  if (notice.support) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: esc(notice.support) }] });
  return { text: `${notice.subject} (${header})`, blocks };
}
