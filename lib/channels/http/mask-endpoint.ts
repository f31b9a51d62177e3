// An endpoint as staff may see it: for Slack, Teams and Discord the URL's path is the credential
// (whoever has it can post), and a webhook's may be too. Scheme and host say where it goes; the
// last few characters of a long path tell two endpoints on one host apart. Pure.

/** Characters of the path kept at the end, and only for paths long enough to spare them. */
const TAIL = 4;
const MIN_PATH_FOR_TAIL = 16;

export function maskEndpoint(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '…';
  }
  const rest = `${url.pathname}${url.search}`.replace(/^\/$/, '');
  if (!rest) return `${url.protocol}//${url.host}/`;
  const tail = rest.length >= MIN_PATH_FOR_TAIL ? rest.slice(-TAIL) : '';
  return `${url.protocol}//${url.host}/…${tail}`;
}
