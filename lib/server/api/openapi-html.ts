import { openApiDocument } from './openapi';

// A readable page of the API document, rendered on the server from the same document as
// /api/v1/openapi.json: no scripts, no external styles or fonts, nothing fetched from elsewhere.

type Json = Record<string, unknown>;
const esc = (s: unknown): string =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
const code = (s: unknown) => `<code>${esc(s)}</code>`;

/** One line describing a JSON Schema: type, enum, bounds, pattern, default. */
export function describeSchema(s: Json): string {
  if (Array.isArray(s.anyOf)) return (s.anyOf as Json[]).map(describeSchema).join(' or ');
  if (typeof s.$ref === 'string') return code(s.$ref.split('/').pop());
  const parts: string[] = [];
  if (s.const !== undefined) parts.push(code(JSON.stringify(s.const)));
  else if (Array.isArray(s.enum)) parts.push(`one of ${s.enum.map((v) => code(v)).join(', ')}`);
  else if (s.type === 'array') parts.push(`list of ${s.items ? describeSchema(s.items as Json) : 'values'}`);
  else if (s.type) parts.push(esc(s.format ? `${String(s.type)} (${String(s.format)})` : s.type));
  else parts.push('any');
  const bounds: [string, string][] = [['minLength', 'at least %s characters'], ['maxLength', 'at most %s characters'], ['minimum', '≥ %s'], ['maximum', '≤ %s'], ['minItems', 'at least %s items'], ['maxItems', 'at most %s items'], ['pattern', 'matching %s'], ['default', 'default %s']];
  for (const [key, text] of bounds) if (s[key] !== undefined) parts.push(text.replace('%s', key === 'pattern' || key === 'default' ? code(typeof s[key] === 'string' ? s[key] : JSON.stringify(s[key])) : esc(s[key])));
  return parts.join(', ');
}

function fieldsTable(schema: Json): string {
  const props = schema.properties as Record<string, Json> | undefined;
  if (!props) return `<p>${describeSchema(schema)}</p>`;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const rows = Object.entries(props).map(([name, s]) => `<tr><td>${code(name)}${required.has(name) ? ' <strong>required</strong>' : ''}</td><td>${describeSchema(s)}${s.description ? ` — ${esc(s.description)}` : ''}</td></tr>`);
  return `<table><thead><tr><th>Field</th><th>Accepts</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function bodySection(body: Json | undefined): string {
  if (!body) return '';
  const schema = ((body.content as Json)['application/json'] as Json).schema as Json;
  const [first, ...others] = Array.isArray(schema.anyOf) ? (schema.anyOf as Json[]) : [schema];
  const alternatives = others.map((o) => {
    const keys = Object.keys((o.properties as Json | undefined) ?? {});
    return `<li>${keys.length === 1 ? `the same under ${code(keys[0])}` : describeSchema(o)}</li>`;
  });
  return `<h4>Request body</h4>${fieldsTable(first!)}${alternatives.length ? `<p>Also accepted:</p><ul>${alternatives.join('')}</ul>` : ''}`;
}

function operationHtml(path: string, method: string, op: Json): string {
  const params = (op.parameters as Json[] | undefined) ?? [];
  const paramRows = params.map((p) => `<tr><td>${code(p.name)} <small>(${esc(p.in)})</small></td><td>${describeSchema(p.schema as Json)}${p.description ? ` — ${esc(p.description)}` : ''}</td></tr>`);
  const responses = Object.entries(op.responses as Record<string, Json>).map(([status, r]) => `<li>${code(status)} ${esc(r.description)}</li>`);
  return `<section id="${esc(`${method}-${path}`)}"><h3>${code(method.toUpperCase())} ${code(path)}</h3><p>${esc(op.summary)}. ${esc(op.description)}</p>${paramRows.length ? `<h4>Parameters</h4><table><tbody>${paramRows.join('')}</tbody></table>` : ''}${bodySection(op.requestBody as Json | undefined)}<h4>Responses</h4><ul>${responses.join('')}</ul></section>`;
}

export function openApiHtml(): string {
  const doc = openApiDocument();
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods as Record<string, Json>).map(([method, op]) => ({ path, method, op })));
  const toc = ops.map(({ path, method }) => `<li><a href="#${esc(`${method}-${path}`)}">${esc(method.toUpperCase())} ${esc(path)}</a></li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(doc.info.title)}</title></head>
<body><main><h1>${esc(doc.info.title)}</h1><p>${esc(doc.info.description)}</p><p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI ${esc(doc.openapi)}).</p>
<h2>Operations</h2><ul>${toc}</ul>
${ops.map(({ path, method, op }) => operationHtml(path, method, op)).join('\n')}
</main></body></html>
`;
}
