import { importRow } from '@/lib/server/subscribers/import-subscribers';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import { openApiDocument } from '@/lib/server/api/openapi';
import { CreateIncidentInput, PostUpdateInput, UpdateIncidentInput } from '@/lib/server/incidents/schemas';
import { NoticeTemplateInput, NoticeTemplatePreviewInput } from '@/lib/server/notice-templates/schemas';
import { createNoticeInput } from '@/lib/server/notices/schemas';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';

// The route list comes from the files under app/api/v1, never from a copy.
const ROOT = path.resolve(__dirname, '../../app/api/v1');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;
interface RouteFile { file: string; apiPath: string; params: string[]; module: Record<string, unknown> }

async function routeFiles(): Promise<RouteFile[]> {
  const files = readdirSync(ROOT, { recursive: true, encoding: 'utf8' }).filter((f) => path.basename(f) === 'route.ts');
  return Promise.all(
    files.map(async (file) => {
      const dir = path.dirname(file) === '.' ? '' : `/${path.dirname(file).split(path.sep).join('/')}`;
      const params = [...dir.matchAll(/\[(\w+)\]/g)].map((m) => m[1]!);
      return { file, apiPath: `/api/v1${dir.replace(/\[(\w+)\]/g, '{$1}')}`, params, module: (await import(path.join(ROOT, file))) as Record<string, unknown> };
    }),
  );
}
const exported = (r: RouteFile) => METHODS.filter((m) => typeof r.module[m] === 'function');

type Doc = ReturnType<typeof openApiDocument>;
type Op = { requestBody?: { content: Record<string, { schema: { anyOf?: { properties?: Record<string, unknown> }[]; properties?: Record<string, unknown> } }> }; responses: Record<string, unknown> };
const opOf = (doc: Doc, p: string, m: string) => (doc.paths as Record<string, Record<string, Op>>)[p]?.[m.toLowerCase()];
const bodyProps = (op: Op | undefined) => {
  const s = op?.requestBody?.content['application/json']?.schema;
  return Object.keys((s?.anyOf?.[0] ?? s)?.properties ?? {}).sort();
};

describe('the OpenAPI document', () => {
  it('has every route file under app/api/v1 and every method it exports, and nothing else', async () => {
    const doc = openApiDocument();
    const routes = await routeFiles();
    expect(routes.length).toBeGreaterThanOrEqual(13);
    const onDisk = routes.flatMap((r) => exported(r).map((m) => `${m} ${r.apiPath}`)).sort();
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort();
    expect(documented).toEqual(onDisk);
  });

  it('is valid OpenAPI 3.1 and every $ref resolves', async () => {
    const doc = openApiDocument();
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    for (const name of refs) expect(Object.keys(doc.components.schemas)).toContain(name);
    expect(JSON.stringify(doc)).not.toMatch(/"\$ref":"#\/\$defs/);
  });

  it('documents every field the handlers accept, with their constraints', () => {
    const doc = openApiDocument();
    expect(bodyProps(opOf(doc, '/api/v1/incidents', 'POST'))).toEqual(Object.keys(CreateIncidentInput.shape).sort());
    expect(bodyProps(opOf(doc, '/api/v1/incidents/{id}/updates', 'POST'))).toEqual(Object.keys(PostUpdateInput.shape).filter((k) => k !== 'incident_id').sort());
    // PATCH edits the incident's fields and may post an update in the same call.
    const patch = bodyProps(opOf(doc, '/api/v1/incidents/{id}', 'PATCH'));
    for (const k of [...Object.keys(UpdateIncidentInput.shape).filter((k) => k !== 'incident_id'), 'status', 'body', 'display_at', 'impacts']) expect(patch).toContain(k);
    expect(bodyProps(opOf(doc, '/api/v1/notices', 'POST'))).toEqual(Object.keys(createNoticeInput.shape).sort());
    expect(bodyProps(opOf(doc, '/api/v1/notice-templates/{kind}/{region}', 'PUT'))).toEqual(Object.keys(NoticeTemplateInput.shape).sort());
    expect(bodyProps(opOf(doc, '/api/v1/notice-templates/{kind}/{region}/preview', 'POST'))).toEqual(Object.keys(NoticeTemplatePreviewInput.shape).sort());
    expect(bodyProps(opOf(doc, '/api/v1/subscribers', 'POST'))).toEqual(Object.keys(importRow.shape).sort());
    // Statuspage's subscriber field names, channels included.
    for (const k of ['channel', 'endpoint', 'phone_number', 'email', 'skip_confirmation']) expect(bodyProps(opOf(doc, '/api/v1/subscribers', 'POST'))).toContain(k);
    const created = JSON.stringify(opOf(doc, '/api/v1/incidents', 'POST')?.requestBody);
    expect(created).toContain('"maxLength":200');
    expect(created).toContain('"maximum":10080');
  });

  it('serves a readable HTML page with every operation and no scripts or outside resources', async () => {
    const { GET } = await import('@/app/api/v1/docs/route');
    const res = GET();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await res.text();
    const doc = openApiDocument();
    for (const [p, ops] of Object.entries(doc.paths)) for (const m of Object.keys(ops)) expect(html).toContain(`<code>${m.toUpperCase()}</code> <code>${p}</code>`);
    expect(html).toContain('<code>remind_before_minutes</code>');
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
  });
});

describe.each(DATABASE_KINDS)('every status a route answers is documented, on %s', (kind) => {
  let t: TestDatabase;
  let admin = '';
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    admin = (await createApiToken({ actor: cliActor, input: { name: 'admin', role: 'admin' } })).token;
  });
  afterAll(async () => t?.drop());

  it('no token, a malformed body, an empty body and unknown ids', async () => {
    const doc = openApiDocument();
    const seen: string[] = [];
    for (const r of await routeFiles()) {
      for (const method of exported(r)) {
        const ctx = { params: Promise.resolve(Object.fromEntries(r.params.map((p) => [p, 'nope']))) };
        const url = `http://127.0.0.1:3106${r.apiPath.replace(/\{\w+\}/g, 'nope')}?per_page=0`;
        const bodies = method === 'GET' || method === 'DELETE' ? [undefined] : ['{"broken": ', '{}', '[]'];
        for (const token of [undefined, admin]) {
          for (const body of bodies) {
            const request = new Request(url, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' }, ...(body !== undefined ? { body } : {}) });
            const res = await (r.module[method] as Handler)(request, ctx);
            seen.push(`${method} ${r.apiPath} ${res.status}`);
            expect(Object.keys(opOf(doc, r.apiPath, method)?.responses ?? {}), `${method} ${r.apiPath} answered ${res.status}`).toContain(String(res.status));
          }
        }
      }
    }
    // Positive control: the calls reached the failures this test is about.
    for (const s of ['401', '400', '404', '422']) expect(seen.some((x) => x.endsWith(s))).toBe(true);
  });
});
