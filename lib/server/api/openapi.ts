import { COMPONENT_STATUS_VALUES, DATA_STATE_VALUES, IMPACT_LEVEL_VALUES, INCIDENT_STATUS_VALUES, KIND_VALUES } from '../incidents/schemas';
import { DATA_KIND_VALUES } from '../components/schemas';

// Hand-written OpenAPI 3.1 description of /api/v1, built from the same enum lists as the zod
// schemas so the two cannot drift on values. tests/integration/api-v1.test.ts checks it against the routes.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json(ref('Error')) });
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const errors = {
  '400': error('Malformed JSON'),
  '401': error('No valid token'),
  '403': error('The token lacks the role'),
  '422': error('A field failed validation; `error.field` names it'),
};

const impact = {
  type: 'object',
  required: ['component', 'region', 'status'],
  properties: {
    component: { type: 'string', description: 'Component id or slug', maxLength: 100 },
    region: { type: 'string', description: 'Region id or slug', maxLength: 100 },
    status: { type: 'string', enum: [...COMPONENT_STATUS_VALUES] },
    data_state: { type: 'string', enum: [...DATA_STATE_VALUES], default: 'intact', description: 'Declaring `lost` needs a second staff member to approve the update.' },
    affected_users: { type: 'integer', minimum: 0, default: 0 },
    restored_users: { type: 'integer', minimum: 0, default: 0, description: 'At most affected_users' },
  },
};

export function openApiDocument(serverUrl = '/') {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Candor management API',
      version: '1',
      description:
        'Manage incidents, components and regions. Authenticate with `Authorization: Bearer <token>` (tokens from `candor tokens create` or the console). Incident fields follow Atlassian Statuspage (name, status, impact, body, deliver_notifications, scheduled_for/scheduled_until); bodies may be wrapped as `{"incident": {...}}`. Components and regions may be addressed by slug.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    paths: {
      '/api/v1/incidents': {
        get: {
          summary: 'List incidents, newest first',
          parameters: [
            { name: 'state', in: 'query', schema: { type: 'string', enum: ['open', 'closed', 'all'] } },
            { name: 'kind', in: 'query', schema: { type: 'string', enum: ['incident', 'maintenance', 'all'] } },
            { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } },
            { name: 'per_page', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200 } },
          ],
          responses: { '200': { description: 'Incidents', content: json({ type: 'object', properties: { incidents: { type: 'array', items: ref('Incident') }, page: { type: 'integer' }, per_page: { type: 'integer' }, total: { type: 'integer' } } }) }, '401': errors['401'] },
        },
        post: {
          summary: 'Declare an incident or plan maintenance (responder)',
          requestBody: { required: true, content: json(ref('CreateIncident')) },
          responses: { '201': { description: 'Created', content: json(ref('Incident')) }, ...errors },
        },
      },
      '/api/v1/incidents/{id}': {
        parameters: [id],
        get: { summary: 'One incident with its timeline', responses: { '200': { description: 'The incident; ETag carries its version', content: json(ref('Incident')) }, '401': errors['401'], '404': error('Unknown id') } },
        patch: {
          summary: 'Edit fields and/or post an update (responder). A closing status resolves.',
          parameters: [{ name: 'If-Match', in: 'header', schema: { type: 'string' }, description: 'The version you saw, instead of `version` in the body' }],
          requestBody: { required: true, content: json(ref('PatchIncident')) },
          responses: { '200': { description: 'Updated', content: json(ref('Incident')) }, ...errors, '404': error('Unknown id'), '409': error('Changed by someone else since your version') },
        },
      },
      '/api/v1/incidents/{id}/updates': {
        parameters: [id],
        post: {
          summary: 'Post an update (responder)',
          requestBody: { required: true, content: json(ref('PostUpdate')) },
          responses: {
            '201': { description: 'Published', content: json(ref('IncidentUpdate')) },
            '202': { description: 'Waiting for a second staff member (declares data lost)', content: json(ref('IncidentUpdate')) },
            ...errors,
            '404': error('Unknown id'),
            '409': error('Changed by someone else since your version'),
          },
        },
      },
      '/api/v1/incidents/{id}/updates/{updateId}/approve': {
        parameters: [id, { name: 'updateId', in: 'path', required: true, schema: { type: 'string' } }],
        post: { summary: 'Approve an update that declares data lost (responder token acting for a different user than the author)', responses: { '200': { description: 'Published', content: json(ref('Incident')) }, '401': errors['401'], '403': error('Same person as the author, or a token without a user'), '404': error('Unknown id'), '409': error('Already reviewed') } },
      },
      '/api/v1/components': {
        get: { summary: 'List components', responses: { '200': { description: 'Components', content: json({ type: 'object', properties: { components: { type: 'array', items: ref('Component') } } }) }, '401': errors['401'] } },
        post: { summary: 'Create a component (admin)', requestBody: { required: true, content: json(ref('ComponentInput')) }, responses: { '201': { description: 'Created', content: json(ref('Component')) }, ...errors, '409': error('Slug taken') } },
      },
      '/api/v1/components/{id}': {
        parameters: [{ ...id, description: 'Component id or slug' }],
        get: { summary: 'One component', responses: { '200': { description: 'The component', content: json(ref('Component')) }, '401': errors['401'], '404': error('Unknown id or slug') } },
        patch: { summary: 'Edit a component (status alone: responder; other fields: admin)', requestBody: { required: true, content: json(ref('ComponentInput')) }, responses: { '200': { description: 'Updated', content: json(ref('Component')) }, ...errors, '404': error('Unknown id or slug'), '409': error('Stale version or slug taken') } },
      },
      '/api/v1/regions': {
        get: { summary: 'List regions (carrier audiences)', responses: { '200': { description: 'Regions', content: json({ type: 'object', properties: { regions: { type: 'array', items: ref('Region') } } }) }, '401': errors['401'] } },
        post: { summary: 'Create a region (admin)', requestBody: { required: true, content: json(ref('RegionInput')) }, responses: { '201': { description: 'Created', content: json(ref('Region')) }, ...errors, '409': error('Slug taken') } },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'cnd_… token; its role is admin, responder or viewer' } },
      schemas: {
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' }, details: { type: 'object' } } } } },
        Impact: impact,
        CreateIncident: {
          type: 'object',
          required: ['name', 'body'],
          properties: {
            name: { type: 'string', maxLength: 200 },
            kind: { type: 'string', enum: [...KIND_VALUES], default: 'outage' },
            status: { type: 'string', enum: [...INCIDENT_STATUS_VALUES], description: 'investigating by default; scheduled for maintenance' },
            impact: { type: 'string', enum: [...IMPACT_LEVEL_VALUES], default: 'minor' },
            body: { type: 'string', maxLength: 20000, description: 'The first update (markdown)' },
            deliver_notifications: { type: 'boolean', default: false },
            impacts: { type: 'array', items: ref('Impact'), maxItems: 1000 },
            scheduled_for: { type: 'string', format: 'date-time', description: 'Maintenance start (required for kind maintenance)' },
            scheduled_until: { type: 'string', format: 'date-time' },
            auto_transition: { type: 'boolean', default: true },
            remind_before_minutes: { type: 'integer', minimum: 1, maximum: 10080 },
          },
        },
        PostUpdate: {
          type: 'object',
          required: ['status', 'body'],
          properties: {
            status: { type: 'string', enum: [...INCIDENT_STATUS_VALUES] },
            body: { type: 'string', maxLength: 20000 },
            impact: { type: 'string', enum: [...IMPACT_LEVEL_VALUES] },
            deliver_notifications: { type: 'boolean', default: false },
            impacts: { type: 'array', items: ref('Impact') },
            display_at: { type: 'string', format: 'date-time', description: 'Back-date the update; a back-dated update never becomes the current status' },
            version: { type: 'integer', minimum: 1 },
          },
        },
        PatchIncident: {
          type: 'object',
          properties: {
            version: { type: 'integer', minimum: 1 },
            name: { type: 'string', maxLength: 200 },
            impact: { type: 'string', enum: [...IMPACT_LEVEL_VALUES] },
            status: { type: 'string', enum: [...INCIDENT_STATUS_VALUES] },
            body: { type: 'string', maxLength: 20000 },
            deliver_notifications: { type: 'boolean' },
            impacts: { type: 'array', items: ref('Impact') },
            scheduled_for: { type: ['string', 'null'], format: 'date-time' },
            scheduled_until: { type: ['string', 'null'], format: 'date-time' },
          },
        },
        IncidentUpdate: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            status: { type: 'string', enum: [...INCIDENT_STATUS_VALUES] },
            body: { type: 'string' },
            state: { type: 'string', enum: ['published', 'pending_approval', 'rejected'] },
            author: { type: 'string' },
            approved_by: { type: ['string', 'null'] },
            display_at: { type: 'string', format: 'date-time' },
            created_at: { type: 'string', format: 'date-time' },
            deliver_notifications: { type: 'boolean' },
            impacts: { type: 'array', items: ref('Impact') },
          },
        },
        Incident: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            kind: { type: 'string', enum: [...KIND_VALUES] },
            status: { type: 'string', enum: [...INCIDENT_STATUS_VALUES] },
            impact: { type: 'string', enum: [...IMPACT_LEVEL_VALUES] },
            version: { type: 'integer' },
            started_at: { type: 'string', format: 'date-time' },
            identified_at: { type: ['string', 'null'], format: 'date-time' },
            monitoring_at: { type: ['string', 'null'], format: 'date-time' },
            resolved_at: { type: ['string', 'null'], format: 'date-time' },
            scheduled_for: { type: ['string', 'null'], format: 'date-time' },
            scheduled_until: { type: ['string', 'null'], format: 'date-time' },
            postmortem_body: { type: ['string', 'null'] },
            postmortem_published_at: { type: ['string', 'null'], format: 'date-time' },
            impacts: { type: 'array', items: ref('Impact') },
            incident_updates: { type: 'array', items: ref('IncidentUpdate') },
          },
        },
        ComponentInput: {
          type: 'object',
          properties: {
            name: { type: 'string', maxLength: 100 },
            slug: { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 60 },
            description: { type: ['string', 'null'], maxLength: 500 },
            group: { type: ['string', 'null'], description: 'Group id or slug' },
            status: { type: 'string', enum: [...COMPONENT_STATUS_VALUES] },
            data_kind: { type: ['string', 'null'], enum: [...DATA_KIND_VALUES, null] },
            showcase: { type: 'boolean' },
            only_show_if_degraded: { type: 'boolean' },
            version: { type: 'integer', minimum: 1 },
          },
        },
        Component: {
          type: 'object',
          properties: { id: { type: 'string' }, slug: { type: 'string' }, name: { type: 'string' }, description: { type: ['string', 'null'] }, status: { type: 'string', enum: [...COMPONENT_STATUS_VALUES] }, group_id: { type: ['string', 'null'] }, group: { type: ['string', 'null'] }, position: { type: 'integer' }, data_kind: { type: ['string', 'null'] }, showcase: { type: 'boolean' }, only_show_if_degraded: { type: 'boolean' }, version: { type: 'integer' } },
        },
        RegionInput: {
          type: 'object',
          required: ['name', 'carrier', 'product', 'market', 'time_zone'],
          properties: {
            name: { type: 'string', maxLength: 100 },
            slug: { type: 'string', maxLength: 60 },
            carrier: { type: 'string', maxLength: 60 },
            product: { type: 'string', maxLength: 60, description: 'What this carrier calls the device, e.g. Sidekick or Hiptop' },
            market: { type: 'string', maxLength: 60 },
            locale: { type: 'string', default: 'en-US' },
            time_zone: { type: 'string', description: 'IANA zone, e.g. Australia/Sydney' },
            estimated_users: { type: 'integer', minimum: 0 },
            accent_color: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
            support_url: { type: ['string', 'null'], format: 'uri' },
          },
        },
        Region: {
          type: 'object',
          properties: { id: { type: 'string' }, slug: { type: 'string' }, name: { type: 'string' }, carrier: { type: 'string' }, product: { type: 'string' }, market: { type: 'string' }, locale: { type: 'string' }, time_zone: { type: 'string' }, estimated_users: { type: 'integer' }, accent_color: { type: 'string' }, support_url: { type: ['string', 'null'] }, position: { type: 'integer' }, version: { type: 'integer' } },
        },
      },
    },
  };
}
