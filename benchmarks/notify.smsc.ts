// The SMS channel benchmark's SMSC (the `smpp` package's server side), in its own process so its
// CPU is not counted as Candor's: accepts every submit_sm, keeps only counts, and reports the
// segments received and the first and last arrival to the parent over IPC.
import { startSmsc } from '../tests/helpers/smsc';

let count = 0;
let first = 0;
let last = 0;
let dirty = false;
const smsc = await startSmsc({
  countOnly: true,
  receipts: false,
  onSubmit: () => {
    const now = Date.now();
    if (count === 0) first = now;
    count += 1;
    last = now;
    dirty = true;
    return undefined;
  },
});
process.send?.({ type: 'ready', port: smsc.port, url: smsc.url() });
process.on('message', (m: { type: string }) => {
  if (m.type === 'reset') {
    count = 0;
    first = 0;
    last = 0;
    process.send?.({ type: 'count', count, first, last });
  }
  if (m.type === 'stop') void smsc.stop().then(() => process.exit(0));
});
setInterval(() => {
  if (dirty) {
    dirty = false;
    process.send?.({ type: 'count', count, first, last });
  }
}, 50).unref();
