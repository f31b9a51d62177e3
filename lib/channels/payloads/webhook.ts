import type { PayloadInput } from '../channel-notice';

// Statuspage's webhook shape (meta, page, incident with incident_updates, component_update when a
// component changed), so receivers written for Statuspage read it; Candor's per-region impact and
// data state ride along under "candor".

/** Statuspage sends `component_update` and, beside it, the `component` as it now is. */
function componentParts(update: PayloadInput['notice']['componentUpdate']) {
  if (!update) return {};
  const { component, ...componentUpdate } = update;
  return { component_update: componentUpdate, ...(component ? { component } : {}) };
}

export function webhookPayload({ notice, manageUrl, unsubscribeUrl, now }: PayloadInput) {
  return {
    meta: { unsubscribe: unsubscribeUrl, manage: manageUrl, generated_at: now.toISOString() },
    page: notice.page,
    incident: notice.incident,
    ...componentParts(notice.componentUpdate),
    candor: {
      notice: { id: notice.noticeId, kind: notice.kind, subject: notice.subject, text: [...notice.paragraphs, ...notice.data.map((d) => `${d.service}: ${d.status}`)].join('\n\n') },
      region: notice.region,
      data_state: notice.dataState,
      impacts: notice.impacts,
      status_url: notice.statusUrl,
    },
  };
}
export type WebhookPayload = ReturnType<typeof webhookPayload>;
