// The SMS channel benchmark's SMSC (the `smpp` package's server side), in its own process so its
// CPU is not counted as Candor's: accepts every submit_sm, keeps only counts, and reports the
// segments received and the first and last arrival to the parent over IPC.
import { startSmsc } from '../tests/helpers/smsc';
import { arrivalCounter } from './notify.counter';

let counter: { arrived(): void } | null = null;
const smsc = await startSmsc({
  countOnly: true,
  // --receipts: a DELIVRD receipt for every accepted segment, as a carrier's SMSC sends them.
  receipts: process.argv.includes('--receipts'),
  onSubmit: () => {
    counter?.arrived();
    return undefined;
  },
});
counter = arrivalCounter(() => smsc.stop());
process.send?.({ type: 'ready', port: smsc.port, url: smsc.url() });
