// Date.now as Node made it, taken when this module loads: Next later replaces Date.now in the
// process with a version that reports each call to its prerender tracking (an async-storage lookup
// per call). Per-request bookkeeping (log time, a snapshot's age) is no page's output.
export const wallClock: () => number = Date.now;
