import type http from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as unsubscribePOST } from '@/app/u/[token]/route';
import { bodyLimitFor } from '@/lib/server/http/body-limit';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { manageToken } from '@/lib/server/subscriptions/tokens';
import { rawExchange, startFrontDoor, type FrontDoor } from '../helpers/front-door';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { addSubscribers } from './notify-fixtures';

// RFC 8058 one-click unsubscribe as mailbox providers send it: raw HTTP over TCP into the custom
// server's front door (which enforces the /u/ body limit), then the route handler, with no cookies.

/** Stands in for Next: hands the request to the /u/<token> route handler as a web Request. */
async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const token = decodeURIComponent(url.pathname.replace(/^\/u\//, ''));
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
  const answer = await unsubscribePOST(new Request(url, { method: req.method, headers, body, duplex: 'half' } as RequestInit), { params: Promise.resolve({ token }) });
  res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain', connection: 'close' });
  res.end(await answer.text());
}

/** One POST as raw bytes (CRLF line ends, exact Content-Length); returns the status code. */
async function post(port: number, token: string, contentType: string, body: string): Promise<number> {
  const head = [`POST /u/${token} HTTP/1.1`, 'Host: status.example.com', 'User-Agent: Mozilla/5.0 (compatible; mailbox-provider)', `Content-Type: ${contentType}`, `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close'];
  const answer = await rawExchange(port, `${head.join('\r\n')}\r\n\r\n${body}`);
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
}

/** An RFC 7578 form: one part per field, CRLF everywhere, closing delimiter and a final CRLF. */
function multipart(boundary: string, fields: [string, string][]): string {
  return fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('') + `--${boundary}--\r\n`;
}

// Boundaries as form writers make them: Go's mime/multipart (60 hex digits), WebKit's, and a quoted one.
const GO_BOUNDARY = 'a3f1c0de5b7e9d2468ace0135792bdf0a3f1c0de5b7e9d2468ace0135792';
const WEBKIT_BOUNDARY = '----WebKitFormBoundary7MA4YWxkTrZu0gW';

describe.each(DATABASE_KINDS)('one-click unsubscribe (RFC 8058) on %s', (kind) => {
  let t: TestDatabase;
  let door: FrontDoor;
  let n = 0;
  /** A fresh confirmed subscriber and the token of the link in their notices. */
  const subscriber = async () => {
    const [id] = await addSubscribers(t.handle.db, [{ email: `reader${++n}@example.com` }]);
    return { id: id!, token: (await manageToken(id!, 1)).token };
  };
  const unsubscribed = async (id: string) => (await t.handle.db.subscriber.findUniqueOrThrow({ where: { id } })).unsubscribedAt !== null;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    door = await startFrontDoor([], route);
  });
  afterAll(async () => {
    await door?.close();
    await t?.drop();
  });

  it('unsubscribes on a multipart/form-data POST, as Gmail sends it, and on a urlencoded one', async () => {
    const shapes: [string, string][] = [
      [`multipart/form-data; boundary=${GO_BOUNDARY}`, multipart(GO_BOUNDARY, [['List-Unsubscribe', 'One-Click']])],
      [`multipart/form-data; boundary=${WEBKIT_BOUNDARY}`, multipart(WEBKIT_BOUNDARY, [['List-Unsubscribe', 'One-Click']])],
      [`multipart/form-data; charset=utf-8; boundary="${GO_BOUNDARY}"`, multipart(GO_BOUNDARY, [['List-Unsubscribe', 'One-Click']])],
      ['application/x-www-form-urlencoded', 'List-Unsubscribe=One-Click'],
      ['application/x-www-form-urlencoded; charset=UTF-8', 'List-Unsubscribe=One-Click'],
    ];
    for (const [type, body] of shapes) {
      // Real providers' bodies are a few hundred bytes, far inside the front door's limit for /u/.
      expect(Buffer.byteLength(body)).toBeLessThan(bodyLimitFor('/u/x') / 10);
      const s = await subscriber();
      expect(await unsubscribed(s.id)).toBe(false);
      expect(await post(door.port, s.token, type, body), type).toBe(200);
      expect(await unsubscribed(s.id), type).toBe(true);
    }
  });

  it('changes nothing for a POST without List-Unsubscribe=One-Click, and the same subscriber then goes with the right one', async () => {
    const s = await subscriber();
    const type = `multipart/form-data; boundary=${GO_BOUNDARY}`;
    const wrong: [string, string][] = [
      [type, multipart(GO_BOUNDARY, [['List-Unsubscribe', 'Two-Clicks']])],
      [type, multipart(GO_BOUNDARY, [['unsubscribe', 'One-Click']])],
      // The field's value sent as a file part is not a form field.
      [type, `--${GO_BOUNDARY}\r\nContent-Disposition: form-data; name="List-Unsubscribe"; filename="x.txt"\r\nContent-Type: text/plain\r\n\r\nOne-Click\r\n--${GO_BOUNDARY}--\r\n`],
      // The boundary in the header does not match the body's.
      [`multipart/form-data; boundary=${WEBKIT_BOUNDARY}`, multipart(GO_BOUNDARY, [['List-Unsubscribe', 'One-Click']])],
      ['multipart/form-data', multipart(GO_BOUNDARY, [['List-Unsubscribe', 'One-Click']])],
      ['application/x-www-form-urlencoded', ''],
      ['application/x-www-form-urlencoded', 'List-Unsubscribe=Nope'],
    ];
    for (const [wrongType, body] of wrong) expect(await post(door.port, s.token, wrongType, body), body).toBe(400);
    expect(await unsubscribed(s.id)).toBe(false);
    expect(await post(door.port, s.token, type, multipart(GO_BOUNDARY, [['List-Unsubscribe', 'One-Click']]))).toBe(200);
    expect(await unsubscribed(s.id)).toBe(true);
  });

  it('refuses a body over the /u/ limit before the route reads it, and a bad token unsubscribes nobody', async () => {
    const s = await subscriber();
    const padded = multipart(GO_BOUNDARY, [['List-Unsubscribe', 'One-Click'], ['pad', 'x'.repeat(bodyLimitFor('/u/x'))]]);
    expect(await post(door.port, s.token, `multipart/form-data; boundary=${GO_BOUNDARY}`, padded)).toBe(413);
    const forged = `${s.id}.${'A'.repeat(43)}`;
    expect(await post(door.port, forged, `multipart/form-data; boundary=${GO_BOUNDARY}`, multipart(GO_BOUNDARY, [['List-Unsubscribe', 'One-Click']]))).toBe(404);
    expect(await unsubscribed(s.id)).toBe(false);
    expect(await post(door.port, s.token, `multipart/form-data; boundary=${GO_BOUNDARY}`, multipart(GO_BOUNDARY, [['List-Unsubscribe', 'One-Click']]))).toBe(200);
    expect(await unsubscribed(s.id)).toBe(true);
  });
});
