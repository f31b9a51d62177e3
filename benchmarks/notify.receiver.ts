// The channel benchmark's HTTP receiver, in its own process so its CPU is not counted as Candor's.
// Answers 204 to every POST after reading the body; reports counts to the parent over IPC.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let count = 0;
let first = 0;
let last = 0;
let dirty = false;
const server = createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    const now = Date.now();
    if (count === 0) first = now;
    count += 1;
    last = now;
    dirty = true;
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port }));
process.on('message', (m: { type: string }) => {
  if (m.type === 'reset') {
    count = 0;
    first = 0;
    last = 0;
    process.send?.({ type: 'count', count, first, last });
  }
  if (m.type === 'stop') server.close(() => process.exit(0));
});
setInterval(() => {
  if (dirty) {
    dirty = false;
    process.send?.({ type: 'count', count, first, last });
  }
}, 50).unref();
