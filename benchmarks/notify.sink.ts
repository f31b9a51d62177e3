// The benchmark's SMTP sink, in its own process so its CPU and memory are not counted as
// Candor's. Reports counts to the parent over IPC.
import { startSink } from '@/lib/mail/sink';

let count = 0;
let first = 0;
let last = 0;
let dirty = false;

const sink = await startSink({
  keep: 0,
  countOnly: true,
  onMessage: () => {
    const now = Date.now();
    if (count === 0) {
      first = now;
      process.send?.({ type: 'first', at: now });
    }
    count += 1;
    last = now;
    dirty = true;
  },
});
process.send?.({ type: 'ready', port: sink.port });
setInterval(() => {
  if (dirty) {
    dirty = false;
    process.send?.({ type: 'count', count, first, last, rss: process.memoryUsage().rss });
  }
}, 50).unref();
process.on('message', (m: { type: string }) => {
  if (m.type === 'reset') {
    count = 0;
    first = 0;
    last = 0;
    process.send?.({ type: 'reset-done' });
  }
  if (m.type === 'stop') void sink.stop().then(() => process.exit(0));
});
