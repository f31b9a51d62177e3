import { label, productOn, type PayloadInput } from '../channel-notice';

// Microsoft Teams: an Adaptive Card inside the message/attachments envelope that both the classic
// incoming webhooks and Workflows ("Post to a channel when a webhook request is received") accept.

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export function teamsPayload({ notice, manageUrl }: PayloadInput) {
  const body: unknown[] = [
    { type: 'TextBlock', text: notice.subject, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' },
    { type: 'TextBlock', text: `${notice.brand} · ${productOn(notice)} · ${notice.region.name}`, isSubtle: true, spacing: 'None', wrap: true },
    ...notice.paragraphs.map((text) => ({ type: 'TextBlock', text, wrap: true })),
  ];
  if (notice.data.length > 0) body.push({ type: 'TextBlock', text: label(notice, 'notice.yourData'), weight: 'Bolder', wrap: true }, { type: 'FactSet', facts: notice.data.map((d) => ({ title: d.service, value: d.status })) });
  if (notice.latestUpdate) body.push({ type: 'TextBlock', text: label(notice, 'notice.latestUpdate'), weight: 'Bolder', wrap: true }, { type: 'TextBlock', text: notice.latestUpdate, wrap: true });
  if (notice.facts.length > 0) body.push({ type: 'FactSet', facts: notice.facts.map((f) => ({ title: f.label, value: f.value })) });
  if (notice.support) body.push({ type: 'TextBlock', text: notice.support, isSubtle: true, wrap: true });
  return {
    type: 'message',
    attachments: [
      {
        contentType: ADAPTIVE_CARD,
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          msteams: { width: 'Full' },
          body,
          actions: [
            { type: 'Action.OpenUrl', title: label(notice, 'notice.seeStatus'), url: notice.statusUrl },
            { type: 'Action.OpenUrl', title: label(notice, 'notice.statusPage', { region: notice.region.name }), url: notice.region.url },
            { type: 'Action.OpenUrl', title: label(notice, 'notice.manageThese'), url: manageUrl },
          ],
        },
      },
    ],
  };
}
