// The comparison for bench:notify --channel: a bare fetch loop with the same concurrency posting
// the same bodies and headers (built beforehand, so the loop does nothing but post), in its own process.
import { readFileSync } from 'node:fs';

const [file, concurrencyArg] = process.argv.slice(2);
const requests = JSON.parse(readFileSync(file!, 'utf8')) as { url: string; body: string; headers: Record<string, string> }[];
const concurrency = Number(concurrencyArg);
let next = 0;
const start = Date.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < requests.length) {
      const r = requests[next++]!;
      const res = await fetch(r.url, { method: 'POST', body: r.body, headers: { 'content-type': 'application/json', ...r.headers } });
      await res.arrayBuffer();
    }
  }),
);
const usage = process.cpuUsage();
process.send?.({ type: 'done', ms: Date.now() - start, cpuMs: (usage.user + usage.system) / 1000 });
