// Whether this process has begun to shut down, for the readiness probe: from the signal on, the
// instance answers "not ready" so that balancers routing by readiness send new requests elsewhere
// while it still accepts connections (SHUTDOWN_DELAY_SECONDS), then drains (SHUTDOWN_GRACE_SECONDS).
// On globalThis: the custom server and Next's bundle each hold a copy of this module.

export interface ShutdownState {
  since: string;
  /** When the listener closes (new connections refused from then on). */
  listenerClosesAt: string;
}

const g = globalThis as unknown as { __candorShutdown?: ShutdownState };

export function beginShutdown(now: Date, delaySeconds: number): ShutdownState {
  g.__candorShutdown ??= { since: now.toISOString(), listenerClosesAt: new Date(now.getTime() + delaySeconds * 1000).toISOString() };
  return g.__candorShutdown;
}

export function shutdownState(): ShutdownState | null {
  return g.__candorShutdown ?? null;
}
