// The bare Node http server that `npm run bench:read` compares Candor with: it answers every
// request with the exact bytes and headers Candor sent for that path. Run as a child process.
import http from 'node:http';
import { readFileSync } from 'node:fs';

const routes = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const table = new Map(routes.map((r) => [r.path, { headers: r.headers, body: Buffer.from(r.body, 'base64') }]));
const server = http.createServer((req, res) => {
  const hit = table.get(req.url);
  if (!hit) {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, hit.headers);
  res.end(hit.body);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.argv[3]), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
