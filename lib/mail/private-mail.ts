// Which mail the console may show, and how. Candor marks the mail it sends: its own mail carries
// X-Candor-Audience (from the OutboxMail kind), notices carry X-Candor-Notice. Only mail marked
// for subscribers is subscriber mail; anything else, including unmarked or older messages, is
// treated as staff mail: shown to admins alone, with every secret-looking string redacted.

export const AUDIENCE_HEADER = 'X-Candor-Audience';
export const KIND_HEADER = 'X-Candor-Mail';
export const NOTICE_HEADER = 'X-Candor-Notice';

export type MailAudience = 'subscriber' | 'staff';

export const REDACTED = '[redacted]';

/** The header block of a raw message, unfolded, as name/value pairs (names as written). */
export function headerLines(raw: Buffer | string): { name: string; value: string }[] {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  const block = text.split(/\r?\n\r?\n/)[0] ?? '';
  return block
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n/)
    .map((line) => {
      const i = line.indexOf(':');
      return i > 0 ? { name: line.slice(0, i).trim(), value: line.slice(i + 1).trim() } : { name: '', value: '' };
    })
    .filter((h) => h.name);
}

export function audienceOf(headers: readonly { name: string; value: string }[]): MailAudience {
  const get = (name: string) => headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
  if (get(AUDIENCE_HEADER)?.toLowerCase() === 'subscriber' || get(NOTICE_HEADER)) return 'subscriber';
  return 'staff';
}

// Reset tokens and one-time passwords: anything after a reset path, a link's path segment of 16+
// token characters, and any 16+ character run that mixes letters with digits or is in mixed case.
const AFTER_RESET = /(password-reset\/)[^\s"'<>()[\]]+/gi;
const LONG_SEGMENT = /\/[A-Za-z0-9_~%-]{16,}(?=$|[^A-Za-z0-9_~%-])/g;
const TOKENISH = /(?<![A-Za-z0-9_-])(?:(?=[\w-]*\d)(?=[\w-]*[A-Za-z])|(?=(?:[\w-]*[A-Z]){2})(?=[\w-]*[a-z]))[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])/g;

/** Replaces every secret-looking string in staff mail; applied to every field a view shows. */
export function redactSecrets(value: string): string {
  return value.replace(AFTER_RESET, `$1${REDACTED}`).replace(LONG_SEGMENT, `/${REDACTED}`).replace(TOKENISH, REDACTED);
}
