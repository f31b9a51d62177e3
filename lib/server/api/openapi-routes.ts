import { z } from 'zod';
import { UpdateComponentInput, CreateComponentInput } from '../components/schemas';
import type { AppErrorCode } from '../errors';
import { ApproveUpdateBody, CreateIncidentInput, PostUpdateInput, TranslationFields, UpdateIncidentInput } from '../incidents/schemas';
import { ListIncidentsInput } from '../incidents/list-incidents';
import { createNoticeInput } from '../notices/schemas';
import { LangQuery, NoticeTemplateInput, NoticeTemplatePreviewInput } from '../notice-templates/schemas';
import { MAX_PAGE, wholeNumber } from '../paging';
import { CreateRegionInput } from '../regions/schemas';
import { importRow, IMPORT_MAX } from '../subscribers/import-subscribers';
import { SUBSCRIBER_STATES } from '../subscribers/list-subscribers';
import type { ResponseSchemaName } from './openapi-responses';

// Every /api/v1 operation: who may call it and the zod schemas its handler validates with.
// The document (openapi.ts) is generated from this table; tests/integration/openapi.test.ts
// checks the table against the route files on disk.

export type Role = 'viewer' | 'responder' | 'admin';
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Operation {
  summary: string;
  /** null: public, no token. */
  role: Role | null;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The body may be left out altogether (every field has a default). */
  bodyOptional?: boolean;
  /** Statuspage-style wrapper key the body may be nested under, e.g. {"incident": {...}}. */
  wrapper?: string;
  success: Record<string, { description: string; schema?: ResponseSchemaName; type?: string }>;
  /** Failures beyond those implied by the role, the body, the query and the path ids. */
  errors?: AppErrorCode[];
  headers?: { name: string; description: string }[];
}

const paging = { page: wholeNumber(MAX_PAGE, 1).describe('Page number, from 1'), per_page: wholeNumber(200, 50).describe('Items per page') };
const incidentQuery = ListIncidentsInput.omit({ limit: true }).extend({ ...paging, limit: wholeNumber(200, 50).describe('Older name of per_page') });
// PATCH /incidents/{id} edits fields and, with a status or body, posts an update (patch-incident.ts).
const patchIncident = UpdateIncidentInput.omit({ incident_id: true }).extend(PostUpdateInput.pick({ status: true, body: true, bodies_by_region: true, next_update_at: true, deliver_notifications: true, impacts: true, display_at: true }).partial().shape);
const subscribersBody = z.union([importRow, z.array(importRow).min(1).max(IMPORT_MAX), z.object({ subscribers: z.array(importRow).min(1).max(IMPORT_MAX) })]);
const ifMatch = { name: 'If-Match', description: 'The incident version you saw (e.g. "3"), instead of `version` in the body' };

export const API_OPERATIONS: Record<string, Partial<Record<Method, Operation>>> = {
  '/api/v1/incidents': {
    get: { summary: 'List incidents, newest first', role: 'viewer', query: incidentQuery, success: { '200': { description: 'One page of incidents', schema: 'IncidentPage' } } },
    post: { summary: 'Declare an incident or plan maintenance', role: 'responder', body: CreateIncidentInput, wrapper: 'incident', success: { '201': { description: 'Created', schema: 'Incident' } } },
  },
  '/api/v1/incidents/{id}': {
    get: { summary: 'One incident with its timeline (ETag carries its version)', role: 'viewer', success: { '200': { description: 'The incident', schema: 'Incident' } } },
    patch: { summary: 'Edit fields and/or post an update; a closing status resolves', role: 'responder', body: patchIncident, wrapper: 'incident', headers: [ifMatch], errors: ['conflict'], success: { '200': { description: 'Updated', schema: 'Incident' } } },
  },
  '/api/v1/incidents/{id}/updates': {
    post: {
      summary: 'Post an update',
      role: 'responder',
      body: PostUpdateInput.omit({ incident_id: true }),
      wrapper: 'incident_update',
      headers: [ifMatch],
      errors: ['conflict'],
      success: { '201': { description: 'Published', schema: 'UpdateResult' }, '202': { description: 'Declares data lost: waits for a second staff member', schema: 'UpdateResult' } },
    },
  },
  '/api/v1/incidents/{id}/updates/{updateId}/approve': {
    post: { summary: 'Approve an update that declares data lost (a token acting for a user other than the author); on a resolved incident, only with reopen: true', role: 'responder', body: ApproveUpdateBody, bodyOptional: true, errors: ['conflict'], success: { '200': { description: 'Published', schema: 'Incident' } } },
  },
  '/api/v1/incidents/{id}/updates/{updateId}/translations': {
    post: { summary: 'Add or replace the translation of an update into one language (not its own); readers of that language get it, on the page and in notices prepared from now on', role: 'responder', body: TranslationFields, wrapper: 'translation', success: { '200': { description: 'The incident with the translation', schema: 'Incident' } } },
  },
  '/api/v1/components': {
    get: { summary: 'List components', role: 'viewer', success: { '200': { description: 'Components', schema: 'ComponentList' } } },
    post: { summary: 'Create a component', role: 'admin', body: CreateComponentInput, wrapper: 'component', errors: ['conflict'], success: { '201': { description: 'Created', schema: 'Component' } } },
  },
  '/api/v1/components/{id}': {
    get: { summary: 'One component, by id or slug', role: 'viewer', success: { '200': { description: 'The component', schema: 'Component' } } },
    patch: { summary: 'Edit a component (status alone: responder; other fields: admin)', role: 'responder', body: UpdateComponentInput, wrapper: 'component', errors: ['conflict'], success: { '200': { description: 'Updated', schema: 'Component' } } },
  },
  '/api/v1/regions': {
    get: { summary: 'List regions (carrier audiences)', role: 'viewer', success: { '200': { description: 'Regions', schema: 'RegionList' } } },
    post: { summary: 'Create a region', role: 'admin', body: CreateRegionInput, wrapper: 'region', errors: ['conflict'], success: { '201': { description: 'Created', schema: 'Region' } } },
  },
  '/api/v1/notices': {
    get: { summary: 'List notices (50 newest)', role: 'viewer', query: z.object({ incident: z.string().optional().describe('Only the notices of this incident id') }), success: { '200': { description: 'Notices', schema: 'NoticeList' } } },
    post: { summary: 'Create a notice for an incident (a data-loss notice waits for approval)', role: 'responder', body: createNoticeInput, wrapper: 'notice', errors: ['not_found', 'conflict'], success: { '201': { description: 'Created', schema: 'Notice' } } },
  },
  '/api/v1/notices/{id}': {
    get: { summary: 'One notice with its delivery counts', role: 'viewer', success: { '200': { description: 'The notice', schema: 'Notice' } } },
  },
  '/api/v1/notices/{id}/approve': {
    post: { summary: "Approve a data-loss notice (a token acting for a user other than its author)", role: 'responder', errors: ['conflict'], success: { '200': { description: 'Approved and queued', schema: 'Notice' } } },
  },
  '/api/v1/notice-templates': {
    get: { summary: 'Every notice kind for all carriers and for each region, in each language: the stored template, what the scope uses, and the defaults per data state', role: 'viewer', success: { '200': { description: 'Templates', schema: 'NoticeTemplateList' } } },
  },
  '/api/v1/notice-templates/{kind}/{region}': {
    get: { summary: 'One template (region: a slug, or `all` for every carrier) in one language', role: 'viewer', query: LangQuery, success: { '200': { description: 'The template', schema: 'NoticeTemplate' } } },
    put: { summary: 'Write the template; unknown or unclosed placeholders, and subjects that do not render to one usable line, are refused (422)', role: 'responder', query: LangQuery, body: NoticeTemplateInput, wrapper: 'notice_template', success: { '200': { description: 'Saved', schema: 'NoticeTemplate' } } },
    delete: { summary: 'Reset to the default: the template for all carriers, else Candor’s own text (in that language)', role: 'responder', query: LangQuery, success: { '200': { description: 'Reset (or already the default)', schema: 'NoticeTemplate' } } },
  },
  '/api/v1/notice-templates/{kind}/{region}/preview': {
    post: { summary: 'Render the saved template, or a draft, with a real incident as each region’s subscribers would read it; each region names the template it used', role: 'viewer', query: LangQuery, body: NoticeTemplatePreviewInput, success: { '200': { description: 'One rendering per region the notice reaches', schema: 'NoticeTemplatePreview' } } },
  },
  '/api/v1/subscribers': {
    get: {
      summary: 'List subscribers',
      role: 'viewer',
      query: z.object({ q: z.string().optional().describe('Part of an e-mail address, or of an SMS subscriber\'s number in any usual form (+61 412 345 678, 0412 345 678)'), state: z.enum(SUBSCRIBER_STATES).optional(), ...paging }),
      success: { '200': { description: 'One page of subscribers', schema: 'SubscriberPage' } },
    },
    post: {
      summary: `Import one subscriber or up to ${IMPORT_MAX} who already opted in elsewhere (skip_confirmation: true); results per row`,
      role: 'responder',
      body: subscribersBody,
      success: { '201': { description: 'Every row created or updated', schema: 'ImportResult' }, '207': { description: 'Some rows rejected (see results)', schema: 'ImportResult' }, '422': { description: 'Every row rejected (see results), or no rows', schema: 'ImportResult' } },
    },
  },
  '/api/v1/subscribers/{id}': {
    get: { summary: 'One subscriber; a webhook or chat endpoint shows only its scheme, host and the last characters of its path', role: 'viewer', success: { '200': { description: 'The subscriber', schema: 'Subscriber' } } },
    delete: { summary: 'Delete a subscriber and their data', role: 'responder', success: { '204': { description: 'Deleted' } } },
  },
  '/api/v1/openapi.json': {
    get: { summary: 'This document', role: null, success: { '200': { description: 'OpenAPI 3.1', schema: 'OpenApiDocument' } } },
  },
  '/api/v1/docs': {
    get: { summary: 'This document as an HTML page', role: null, success: { '200': { description: 'HTML', type: 'text/html' } } },
  },
};
