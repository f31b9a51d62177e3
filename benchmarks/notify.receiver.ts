// The channel benchmark's HTTP receiver, in its own process so its CPU is not counted as Candor's.
// Answers 204 to every POST after reading the body; reports counts to the parent over IPC.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { arrivalCounter } from './notify.counter';

const server = createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    counter.arrived();
    res.writeHead(204).end();
  });
});
const counter = arrivalCounter(() => new Promise<void>((resolve) => server.close(() => resolve())));
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port }));
