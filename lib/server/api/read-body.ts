import { AppError } from '../errors';
import { readJson } from './respond';

/**
 * Reads a JSON object body. Statuspage clients wrap it (`{"incident": {...}}`); both forms are
 * accepted. A version may also come as `If-Match: "3"`. With `allowEmpty`, no body reads as `{}`.
 */
export async function readObjectBody(request: Request, wrapper?: string, { allowEmpty = false } = {}): Promise<Record<string, unknown>> {
  const raw = await readJson(request, undefined, { allowEmpty });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new AppError('bad_request', 'the request body must be a JSON object');
  const obj = raw as Record<string, unknown>;
  const inner = wrapper && typeof obj[wrapper] === 'object' && obj[wrapper] !== null && !Array.isArray(obj[wrapper]) ? (obj[wrapper] as Record<string, unknown>) : obj;
  const ifMatch = request.headers.get('if-match');
  if (ifMatch && inner.version === undefined) {
    const v = Number(ifMatch.replace(/^W\//, '').replace(/"/g, ''));
    if (!Number.isInteger(v) || v < 1) throw new AppError('validation', 'If-Match: expected the incident version, e.g. "3"', 'version');
    return { ...inner, version: v };
  }
  return inner;
}
