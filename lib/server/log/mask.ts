// What may reach a log line: no secrets (tokens, passwords, reset and manage links, bearer
// tokens, cookies) and no whole e-mail address. Request lines carry route patterns only; these
// functions are the second line, applied to every message and error the logger writes.

const EMAIL = /([A-Za-z0-9!#$%&'*+?^_`{|}~-])[A-Za-z0-9.!#$%&'*+?^_`{|}~-]*(?:@|%40)((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})/g;
const BEARER = /\b(Bearer|Basic)\s+[^\s,;"']+/gi;
const API_TOKEN = /\bcnd_[A-Za-z0-9_-]+/g;
const SECRET_PAIR = /\b([A-Za-z0-9_-]*(?:token|password|passwd|secret|session|cookie|authorization|otp)[A-Za-z0-9_-]*)(["']?\s*[=:]\s*["']?)[^\s&;,"']+/gi;
const URL = /\bhttps?:\/\/[^\s"'<>()]+/gi;
const BARE_PATH = /(^|[\s("'=])(\/[^\s"'<>()?#]*)(\?[^\s"'<>()#]*)?/g;
/** A path segment this long and random-looking is a token (links in mail, one-click unsubscribe), never a page name. */
const TOKEN_SEGMENT = /^[A-Za-z0-9_.~-]{20,}$/;
const FILE_NAME = /\.(json|js|mjs|css|svg|ics|atom|rss|db|sqlite|log|html|txt|eml)$/i;

/** "alex@example.com" -> "a***@example.com": enough to tell domains and people apart in a log, not to write to them. */
export function maskEmail(address: string): string {
  return address.replace(EMAIL, '$1***@$2');
}

function maskPath(path: string): string {
  return path
    .split('/')
    .map((segment) => (TOKEN_SEGMENT.test(segment) && !FILE_NAME.test(segment) ? ':token' : segment))
    .join('/');
}

/** Query values may be tokens (`?token=`) or addresses: only the names are kept. */
function maskQuery(query: string | undefined): string {
  if (!query || query === '?') return query ?? '';
  return `?${query
    .slice(1)
    .split('&')
    .map((pair) => `${pair.split('=')[0]}=***`)
    .join('&')}`;
}

function maskUrl(raw: string): string {
  const q = raw.search(/[?#]/);
  const base = q === -1 ? raw : raw.slice(0, q);
  const rest = q === -1 ? '' : raw.slice(q);
  const slash = base.indexOf('/', base.indexOf('//') + 2);
  const origin = slash === -1 ? base : base.slice(0, slash);
  const path = slash === -1 ? '' : base.slice(slash);
  return `${origin}${maskPath(path)}${rest.startsWith('?') ? maskQuery(rest.split('#')[0]) : ''}`;
}

/** Every pattern below needs one of these; most messages (and every request line) have none, and pass untouched. */
const SUSPECT = /[@/=:%]|cnd_|bearer|basic/i;

/** Masks every secret and address this module knows how to find in free text. */
export function maskText(text: string): string {
  if (!SUSPECT.test(text)) return text;
  return text
    .replace(BEARER, '$1 [redacted]')
    .replace(API_TOKEN, 'cnd_[redacted]')
    .replace(URL, (url) => maskUrl(url))
    .replace(BARE_PATH, (_m, lead: string, path: string, query: string | undefined) => `${lead}${maskPath(path)}${maskQuery(query)}`)
    .replace(SECRET_PAIR, '$1$2[redacted]')
    .replace(EMAIL, '$1***@$2');
}

/** Masks strings anywhere inside a value bound for the log (objects and arrays are copied, not changed). */
export function maskValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskValue(v, depth + 1);
  return out;
}
