import { z } from 'zod';
import { httpStatusOf, type AppErrorCode } from '../errors';
import { API_OPERATIONS, type Operation } from './openapi-routes';
import { responseSchemas } from './openapi-responses';

// OpenAPI 3.1 for /api/v1, generated: request shapes from the zod schemas the handlers validate
// with (z.toJSONSchema), error responses from the AppError codes each operation can raise,
// mapped to statuses by the same table as lib/server/api/respond.ts.

const ERROR_TEXT: Record<AppErrorCode, string> = {
  bad_request: 'Malformed JSON, or a body that is not a JSON object',
  unauthorized: 'No valid token (`Authorization: Bearer <token>`)',
  forbidden: "The token's role does not allow this",
  not_found: 'Unknown id',
  conflict: 'Changed by someone else since your version, already reviewed, or a unique value taken',
  validation: 'A field failed validation; `error.field` names it',
  too_large: 'The request body is too large',
  rate_limited: 'Too many requests; see Retry-After',
  unavailable: 'A dependency is unavailable',
};

/** Input-side JSON Schema; coerced dates are sent as ISO 8601 strings. */
export function inputSchema(schema: z.ZodType): Record<string, unknown> {
  const out = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema._zod.def.type === 'date') Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' });
    },
  }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

/** The AppError codes an operation can answer with, from what it takes and who may call it. */
export function errorCodesOf(op: Operation, path: string): AppErrorCode[] {
  const codes = new Set<AppErrorCode>(op.errors ?? []);
  if (op.role) codes.add('unauthorized');
  // Every token has at least the viewer role, so only stronger roles can be refused.
  if (op.role && op.role !== 'viewer') codes.add('forbidden');
  if (op.body) ['bad_request', 'too_large', 'validation'].forEach((c) => codes.add(c as AppErrorCode));
  if (op.query || op.headers?.length) codes.add('validation');
  if (path.includes('{')) codes.add('not_found');
  return [...codes];
}

const ROLE_TEXT = { viewer: 'any token', responder: 'a responder or admin token', admin: 'an admin token' } as const;
const PATH_PARAM_TEXT: Record<string, string> = { id: 'Id (components: id or slug)', kind: 'Notice kind', region: 'Region slug, or `all` for the template every carrier reads' };
const pathParams = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1]!, in: 'path', required: true, schema: { type: 'string' }, description: PATH_PARAM_TEXT[m[1]!] }));

function queryParams(op: Operation) {
  if (!op.query) return [];
  const schema = inputSchema(op.query) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: 'query', required: schema.required?.includes(name) ?? false, schema: rest, ...(description ? { description } : {}) };
  });
}

function requestBody(op: Operation) {
  if (!op.body) return undefined;
  const schema = inputSchema(op.body);
  const wrapped = op.wrapper ? { anyOf: [schema, { type: 'object', required: [op.wrapper], properties: { [op.wrapper]: schema } }] } : schema;
  return { required: !op.bodyOptional, content: { 'application/json': { schema: wrapped } } };
}

function operation(path: string, op: Operation) {
  const responses: Record<string, object> = {};
  for (const [status, r] of Object.entries(op.success)) {
    const content = r.schema ? { 'application/json': { schema: { $ref: `#/components/schemas/${r.schema}` } } } : r.type ? { [r.type]: { schema: { type: 'string' } } } : undefined;
    responses[status] = { description: r.description, ...(content ? { content } : {}) };
  }
  const error = { $ref: '#/components/schemas/Error' };
  for (const code of errorCodesOf(op, path)) {
    const status = String(httpStatusOf[code]);
    const prior = responses[status] as { description: string; content?: { 'application/json'?: { schema: object } } } | undefined;
    const priorSchema = prior?.content?.['application/json']?.schema;
    const schema = priorSchema && JSON.stringify(priorSchema) !== JSON.stringify(error) ? { anyOf: [priorSchema, error] } : error;
    responses[status] = { description: prior ? `${prior.description}; or: ${ERROR_TEXT[code]}` : ERROR_TEXT[code], content: { 'application/json': { schema } } };
  }
  // respond.ts answers anything that is not an AppError (a database failure, say) with a bare 500.
  if (op.role) responses['500'] = { description: 'Internal error; the details are logged, not returned', content: { 'application/json': { schema: error } } };
  const parameters = [...pathParams(path), ...queryParams(op), ...(op.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: false, schema: { type: 'string' }, description: h.description }))];
  return {
    summary: op.summary,
    description: op.role ? `Needs ${ROLE_TEXT[op.role]}.` : 'Public: no token needed.',
    ...(op.role ? {} : { security: [] }),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: requestBody(op) } : {}),
    responses,
  };
}

export function openApiDocument(serverUrl = '/') {
  const paths = Object.fromEntries(Object.entries(API_OPERATIONS).map(([path, ops]) => [path, Object.fromEntries(Object.entries(ops).map(([method, op]) => [method, operation(path, op)]))]));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Candor management API',
      version: '1',
      description:
        'Manage incidents, components, regions, notices and subscribers. Authenticate with `Authorization: Bearer <token>` (tokens from `candor tokens create` or the console). Incident fields follow Atlassian Statuspage; bodies may be wrapped as `{"incident": {...}}`. Components and regions may be addressed by slug.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'cnd_… token; its role is admin, responder or viewer' } },
      schemas: responseSchemas,
    },
  };
}
