// What the channel benchmark's receivers (HTTP receiver, SMSC) share: counting arrivals and
// reporting them to the parent over IPC, resetting on its word and stopping with `stop`.

export function arrivalCounter(stop: () => Promise<void> | void): { arrived(): void } {
  let count = 0;
  let first = 0;
  let last = 0;
  let dirty = false;
  process.on('message', (m: { type: string }) => {
    if (m.type === 'reset') {
      count = 0;
      first = 0;
      last = 0;
      process.send?.({ type: 'count', count, first, last });
    }
    if (m.type === 'stop') void Promise.resolve(stop()).then(() => process.exit(0));
  });
  setInterval(() => {
    if (dirty) {
      dirty = false;
      process.send?.({ type: 'count', count, first, last });
    }
  }, 50).unref();
  return {
    arrived() {
      const now = Date.now();
      if (count === 0) first = now;
      count += 1;
      last = now;
      dirty = true;
    },
  };
}
