import { COMPONENT_STATUS_VALUES, DATA_STATE_VALUES, IMPACT_LEVEL_VALUES, INCIDENT_STATUS_VALUES, KIND_VALUES } from '../incidents/schemas';
import { NOTICE_KINDS } from '@/lib/mail/templates/notice-defaults';
import { SUBSCRIBER_STATES } from '../subscribers/list-subscribers';
import { CHANNELS } from '@/lib/channels/types';
import { DATA_STATES } from '@/lib/domain/status';
import { LANGUAGES } from '@/lib/i18n/languages';
import { TRANSLATED_FIELDS } from '@/lib/domain/translations';

// What the API answers. Responses are built by serialisers (incident-json.ts, component-json.ts, ...),
// not by zod, so their shapes are written here; enum values come from the same lists as the inputs.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: 'string' };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const date = { type: 'string', format: 'date-time' };
const nullable = (s: object) => ({ anyOf: [s, { type: 'null' }] });
const enumOf = (values: readonly string[]) => ({ type: 'string', enum: [...values] });
const object = (properties: Record<string, object>) => ({ type: 'object', required: Object.keys(properties), properties });

/** Stored translations of an object's own text: per field, per language. */
const translationsOut = (fields: readonly string[]) => ({
  type: 'object',
  description: 'Its text in other languages: per field, per language (readers of a language without one get the original)',
  properties: Object.fromEntries(fields.map((f) => [f, { type: 'object', propertyNames: enumOf(LANGUAGES), additionalProperties: str }])),
  additionalProperties: false,
});

const impact = object({ component: str, region: str, status: enumOf(COMPONENT_STATUS_VALUES), data_state: enumOf(DATA_STATE_VALUES), affected_users: int, restored_users: int });

const incidentUpdate = {
  type: 'object',
  properties: {
    id: str,
    status: enumOf(INCIDENT_STATUS_VALUES),
    body: str,
    bodies_by_region: { type: 'object', additionalProperties: str, description: "Text per region slug, read by that region's customers instead of body" },
    lang: { ...enumOf(LANGUAGES), description: 'The language it is written in' },
    translations: { type: 'array', items: object({ lang: enumOf(LANGUAGES), body: str, bodies_by_region: { type: 'object', additionalProperties: str } }), description: 'The update in other languages; a reader of a language without one gets the original with a note' },
    next_update_at: nullable(date),
    state: enumOf(['published', 'pending_approval', 'rejected']),
    author: str,
    approved_by: nullable(str),
    display_at: date,
    created_at: date,
    deliver_notifications: bool,
    impacts: { type: 'array', items: ref('ImpactOut') },
  },
};

const incident = {
  type: 'object',
  properties: {
    id: str,
    name: str,
    kind: enumOf(KIND_VALUES),
    status: enumOf(INCIDENT_STATUS_VALUES),
    impact: enumOf(IMPACT_LEVEL_VALUES),
    version: int,
    started_at: date,
    identified_at: nullable(date),
    monitoring_at: nullable(date),
    resolved_at: nullable(date),
    scheduled_for: nullable(date),
    scheduled_until: nullable(date),
    next_update_at: { ...nullable(date), description: 'The latest update’s promise of the next one; null when none or resolved' },
    postmortem_body: nullable(str),
    postmortem_published_at: nullable(date),
    translations: translationsOut(Object.keys(TRANSLATED_FIELDS.incident)),
    impacts: { type: 'array', items: ref('ImpactOut') },
    incident_updates: { type: 'array', items: ref('IncidentUpdate') },
  },
};

const notice = object({
  id: str,
  kind: enumOf(NOTICE_KINDS),
  status: str,
  incident: object({ id: str, title: str }),
  subject: nullable(str),
  createdBy: nullable(str),
  createdById: nullable(str),
  approvedBy: nullable(str),
  createdAt: date,
  queuedAt: nullable(date),
  completedAt: nullable(date),
  audience: int,
  sent: int,
  failed: int,
  pending: int,
  suppressed: int,
  canceled: int,
  byChannel: {
    type: 'array',
    description: 'The deliveries per channel (only channels the notice has deliveries on), refreshed within a second or so; for SMS, what the phones\' delivery receipts said about the texts sent',
    items: object({
      channel: enumOf(CHANNELS),
      audience: int,
      sent: int,
      failed: { ...int, description: 'Failed, or refused by policy before sending' },
      pending: int,
      canceled: int,
      receipts: nullable(object({ delivered: int, undelivered: { ...int, description: 'Reported failed, expired or rejected by the phone network' }, awaiting: int })),
    }),
  },
});

const noticeTemplate = object({
  kind: enumOf(NOTICE_KINDS),
  region: { ...nullable(str), description: 'Region slug; null for the template every carrier reads' },
  lang: { ...enumOf(LANGUAGES), description: 'The language the template is written in; only readers of that language are given it' },
  customized: bool,
  uses: { ...enumOf(['own', 'all', 'default']), description: 'What notices for this scope read: this template, the one for all carriers, or the default' },
  subject: nullable(str),
  body: nullable(str),
  updated_at: nullable(date),
  defaults: { description: 'Candor’s defaults in this language', type: 'array', items: object({ data_states: { type: 'array', items: enumOf(DATA_STATES) }, subject: str, body: str }) },
});
const templatePreview = object({
  regions: {
    type: 'array',
    items: object({
      region: str,
      region_name: str,
      carrier: str,
      product: str,
      time_zone: str,
      audience: int,
      template: object({ scope: enumOf(['override', 'region', 'all', 'default']), label: str }),
      subject: str,
      html: str,
      text: str,
    }),
  },
});

const slugs = { anyOf: [{ const: 'all' }, { type: 'array', items: str }] };
const subscriber = object({ id: str, email: str, channel: enumOf(CHANNELS), endpoint: nullable(str), phone_number: nullable(str), disabled_at: nullable(date), state: enumOf(SUBSCRIBER_STATES), time_zone: str, locale: nullable(str), regions: slugs, components: slugs, notice_kinds: { type: 'array', items: str }, source: str, created_at: date, confirmed_at: nullable(date) });
const importResult = object({
  created: int,
  updated: int,
  rejected: int,
  results: { type: 'array', items: { type: 'object', required: ['row', 'email', 'status'], properties: { row: int, email: nullable(str), status: enumOf(['created', 'updated', 'rejected']), id: str, channel: enumOf(CHANNELS), secret: { type: 'string', description: 'A new webhook subscription’s Standard Webhooks signing secret (whsec_…), shown this once' }, error: str, field: str } } },
});

const page = (key: string, item: string) => object({ [key]: { type: 'array', items: ref(item) }, page: int, per_page: int, total: int });

export const responseSchemas = {
  Error: {
    type: 'object',
    required: ['error'],
    properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: str, message: str, field: { type: 'string', description: 'For 422: the dotted path of the field that is wrong' }, details: { type: 'object' } } } },
  },
  ImpactOut: impact,
  IncidentUpdate: incidentUpdate,
  UpdateResult: { allOf: [ref('IncidentUpdate'), { type: 'object', properties: { incident_version: int, incident: ref('Incident') } }] },
  Incident: incident,
  IncidentPage: page('incidents', 'Incident'),
  Component: object({ id: str, slug: str, name: str, description: nullable(str), status: enumOf(COMPONENT_STATUS_VALUES), group_id: nullable(str), group: nullable(str), position: int, data_kind: nullable(str), showcase: bool, only_show_if_degraded: bool, translations: translationsOut(Object.keys(TRANSLATED_FIELDS.component)), version: int }),
  ComponentList: object({ components: { type: 'array', items: ref('Component') } }),
  Region: object({ id: str, slug: str, name: str, carrier: str, product: str, market: str, locale: str, time_zone: str, estimated_users: int, accent_color: str, support_url: nullable(str), sms_sender_id: nullable(str), position: int, version: int }),
  RegionList: object({ regions: { type: 'array', items: ref('Region') } }),
  Notice: notice,
  NoticeList: object({ notices: { type: 'array', items: object({ id: str, kind: enumOf(NOTICE_KINDS), status: str, incident: object({ id: str, title: str }), audience: int, created_at: date, completed_at: nullable(date) }) } }),
  NoticeTemplate: noticeTemplate,
  NoticeTemplateList: object({ notice_templates: { type: 'array', items: ref('NoticeTemplate') } }),
  NoticeTemplatePreview: templatePreview,
  Subscriber: subscriber,
  SubscriberPage: page('subscribers', 'Subscriber'),
  ImportResult: importResult,
  OpenApiDocument: { type: 'object', description: 'This document' },
};
export type ResponseSchemaName = keyof typeof responseSchemas;
