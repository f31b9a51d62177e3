/**
 * Header values never carry CR, LF or other control characters: a subject or display name typed
 * by staff or a subscriber must not be able to add headers. Runs of whitespace become one space.
 */
export function neutraliseHeader(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}

/** A display name for a From header, safe to quote. */
export function displayName(value: string): string {
  return neutraliseHeader(neutraliseHeader(value).replace(/["\\]/g, '')).slice(0, 120);
}
