import { label, productOn, type PayloadInput } from '../channel-notice';
import { cap } from './cap';

// Discord webhook: one embed in the region's colour. Mentions are switched off, so a notice's
// words can never ping a server. Field and description lengths are kept inside Discord's limits.

const colour = (hex: string) => (/^#[0-9a-f]{6}$/i.test(hex) ? parseInt(hex.slice(1), 16) : 0x1f4fd1);

export function discordPayload({ notice, manageUrl, now }: PayloadInput) {
  const fields: { name: string; value: string; inline?: boolean }[] = [];
  if (notice.data.length > 0) fields.push({ name: label(notice, 'notice.yourData'), value: cap(notice.data.map((d) => `**${d.service}**: ${d.status}`).join('\n'), 1024) });
  if (notice.latestUpdate) fields.push({ name: label(notice, 'notice.latestUpdateTitle'), value: cap(notice.latestUpdate, 1024) });
  for (const f of notice.facts.slice(0, 20)) fields.push({ name: cap(f.label, 256), value: cap(f.value, 1024), inline: true });
  fields.push({ name: label(notice, 'notice.links'), value: `[${label(notice, 'notice.seeStatus')}](${notice.statusUrl}) · [${label(notice, 'notice.statusPage', { region: notice.region.name })}](${notice.region.url}) · [${label(notice, 'notice.manageThese')}](${manageUrl})` });
  return {
    username: cap(notice.brand, 80),
    allowed_mentions: { parse: [] as string[] },
    embeds: [
      {
        title: cap(notice.subject, 256),
        url: notice.statusUrl,
        description: cap(notice.paragraphs.join('\n\n'), 4096),
        color: colour(notice.accentColor),
        author: { name: cap(`${productOn(notice)} · ${notice.region.name}`, 256), url: notice.region.url },
        fields,
        footer: { text: cap(notice.support ?? notice.brand, 2048) },
        timestamp: now.toISOString(),
      },
    ],
  };
}
