import { z } from 'zod';
import { LANGUAGES } from '@/lib/i18n/languages';
import { IncidentTranslationsInput } from '@/lib/domain/translations';

// Input shapes shared by the console and /api/v1. Field names follow Atlassian Statuspage's
// management API (name, status, impact, body, deliver_notifications, scheduled_for/until).

export const COMPONENT_STATUS_VALUES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] as const;
export const DATA_STATE_VALUES = ['intact', 'at_risk', 'lost', 'recovering', 'restored'] as const;
export const INCIDENT_STATUS_VALUES = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem', 'scheduled', 'in_progress', 'verifying', 'completed'] as const;
export const IMPACT_LEVEL_VALUES = ['none', 'minor', 'major', 'critical'] as const;
export const KIND_VALUES = ['outage', 'degradation', 'data_loss', 'maintenance'] as const;

const userCount = z.coerce.number().int('a whole number').min(0, 'not negative').max(2_000_000_000);
const ref = z.string().trim().min(1, 'required').max(100);
const isoDate = z.coerce.date({ error: 'a date and time (ISO 8601)' }).refine((d) => !Number.isNaN(d.getTime()), 'a date and time (ISO 8601)');

export const ImpactInput = z
  .object({
    component: ref.describe('Component id or slug'),
    region: ref.describe('Region id or slug'),
    status: z.enum(COMPONENT_STATUS_VALUES),
    data_state: z.enum(DATA_STATE_VALUES).default('intact').describe('Declaring `lost` needs a second staff member to approve the update'),
    affected_users: userCount.default(0),
    restored_users: userCount.default(0).describe('At most affected_users'),
  })
  .refine((i) => i.affected_users === 0 || i.restored_users <= i.affected_users, { message: 'cannot exceed affected_users', path: ['restored_users'] });
export type ImpactInput = z.infer<typeof ImpactInput>;

export const ImpactList = z.array(ImpactInput).max(1000, 'at most 1000 impacts');

export const BodiesByRegion = z
  .record(z.string().max(100), z.string().trim().max(20_000, 'at most 20000 characters'))
  .default({})
  .describe("Text per region (keyed by region slug) read by that region's customers instead of `body`; an empty string means none");
/** A translation of an update, added beside the original (lib/server/incidents/translate-update.ts). */
export const TranslationFields = z.object({
  lang: z.enum(LANGUAGES).describe('The language of the translation'),
  body: z.string().trim().min(1, 'write the translation').max(20_000, 'at most 20000 characters').describe('The main text, translated (markdown)'),
  bodies_by_region: BodiesByRegion.describe("The regions' own texts, translated, keyed by region slug; a region with its own text and none here reads the original with a note"),
});
const updateLang = z.enum(LANGUAGES).default('en').describe('The language the update is written in (readers of another language get its translation, else this text with a note)');
const translations = z.array(TranslationFields).max(LANGUAGES.length, `at most ${LANGUAGES.length} translations`).default([]).describe('Translations into other languages, one per language');

const nextUpdateAt = isoDate.nullable().optional().describe('When the next update will come (ISO 8601); after the time the update is shown');

export const CreateIncidentInput = z.object({
  name: z.string().trim().min(1, 'required').max(200, 'at most 200 characters'),
  kind: z.enum(KIND_VALUES).default('outage'),
  status: z.enum(INCIDENT_STATUS_VALUES).optional().describe('investigating by default; scheduled for maintenance'),
  impact: z.enum(IMPACT_LEVEL_VALUES).default('minor'),
  body: z.string().trim().min(1, 'write a first update').max(20_000, 'at most 20000 characters').describe('The first update (markdown)'),
  bodies_by_region: BodiesByRegion,
  next_update_at: nextUpdateAt,
  deliver_notifications: z.boolean().default(false),
  impacts: ImpactList.default([]),
  scheduled_for: isoDate.optional().describe('Maintenance start (required for kind maintenance)'),
  scheduled_until: isoDate.optional().describe('Maintenance end, after scheduled_for (required for kind maintenance)'),
  auto_transition: z.boolean().default(true).describe('Maintenance moves to in_progress and completed by itself at the set times'),
  remind_before_minutes: z.coerce.number().int().min(1).max(10_080).optional().describe('Remind subscribers this many minutes before a maintenance starts'),
  translations: IncidentTranslationsInput.optional(),
});
export type CreateIncidentInput = z.input<typeof CreateIncidentInput>;

export const PostUpdateInput = z.object({
  incident_id: z.string().min(1).max(64),
  version: z.coerce.number().int().min(1).optional().describe('The version the author saw; a different current version is a conflict (409)'),
  status: z.enum(INCIDENT_STATUS_VALUES),
  body: z.string().trim().min(1, 'write the update').max(20_000, 'at most 20000 characters'),
  bodies_by_region: BodiesByRegion,
  lang: updateLang,
  translations,
  next_update_at: nextUpdateAt,
  impact: z.enum(IMPACT_LEVEL_VALUES).optional(),
  deliver_notifications: z.boolean().default(false),
  impacts: ImpactList.default([]),
  display_at: isoDate.optional().describe('Back-dating: when the update is shown as having happened (not in the future); a back-dated update never becomes the current status'),
});
export type PostUpdateInput = z.input<typeof PostUpdateInput>;

export const UpdateIncidentInput = z.object({
  incident_id: z.string().min(1).max(64),
  version: z.coerce.number().int().min(1).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  impact: z.enum(IMPACT_LEVEL_VALUES).optional(),
  scheduled_for: isoDate.nullable().optional(),
  scheduled_until: isoDate.nullable().optional(),
  auto_transition: z.boolean().optional(),
  remind_before_minutes: z.coerce.number().int().min(1).max(10_080).nullable().optional(),
  translations: IncidentTranslationsInput.optional(),
});
export type UpdateIncidentInput = z.input<typeof UpdateIncidentInput>;

export const ResolveIncidentInput = z.object({
  incident_id: z.string().min(1).max(64),
  version: z.coerce.number().int().min(1).optional(),
  body: z.string().trim().max(20_000).optional(),
  bodies_by_region: BodiesByRegion,
  deliver_notifications: z.boolean().default(false),
  /** Optional final data states (e.g. restored); every cell becomes operational regardless. */
  impacts: ImpactList.default([]),
});
export type ResolveIncidentInput = z.input<typeof ResolveIncidentInput>;

export const ReviewUpdateInput = z.object({
  update_id: z.string().min(1).max(64),
  reason: z.string().trim().max(2000).optional(),
});

export const ApproveUpdateBody = z.object({
  reopen: z.boolean().default(false).describe('Required as true to approve an update that would reopen a resolved incident; without it that approval is refused (409, field `reopen`)'),
});
export const ApproveUpdateInput = ReviewUpdateInput.pick({ update_id: true }).extend(ApproveUpdateBody.shape);

export const PostmortemInput = z.object({
  incident_id: z.string().min(1).max(64),
  version: z.coerce.number().int().min(1).optional(),
  body: z.string().max(100_000, 'at most 100000 characters'),
  publish: z.boolean().default(false),
  translations: IncidentTranslationsInput.optional(),
});
