import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type CounterConfiguration, type GaugeConfiguration, type HistogramConfiguration } from 'prom-client';

// The one Prometheus registry of the process, on globalThis because the command line (esbuild
// bundle) and Next's server code (its own bundle) are two copies of this module in one process.
// Metrics are made with get-or-create helpers, so whichever copy asks first makes each one.

const g = globalThis as unknown as { __candorMetricsRegistry?: Registry };

export function metricsRegistry(): Registry {
  if (!g.__candorMetricsRegistry) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    g.__candorMetricsRegistry = registry;
  }
  return g.__candorMetricsRegistry;
}

/** Latency buckets in seconds: the hot path answers in well under a millisecond, Next and SMTP in tens to thousands. */
export const SECONDS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type Config<C> = Omit<C, 'registers'>;

/** A counter on the process registry, made once: `counter({ name: 'candor_x_total', help: '...' }).inc()`. */
export function counter<L extends string = string>(config: Config<CounterConfiguration<L>>): Counter<L> {
  const found = metricsRegistry().getSingleMetric(config.name) as Counter<L> | undefined;
  return found ?? new Counter<L>({ ...config, registers: [metricsRegistry()] });
}

/**
 * A gauge on the process registry, made once. A gauge read at scrape time passes `collect`:
 * `gauge({ name: 'candor_x_seconds', help: '...', collect() { this.set(readIt()); } })`.
 */
export function gauge<L extends string = string>(config: Config<GaugeConfiguration<L>>): Gauge<L> {
  const found = metricsRegistry().getSingleMetric(config.name) as Gauge<L> | undefined;
  return found ?? new Gauge<L>({ ...config, registers: [metricsRegistry()] });
}

/** A histogram on the process registry, made once (SECONDS_BUCKETS unless `buckets` is given). */
export function histogram<L extends string = string>(config: Config<HistogramConfiguration<L>>): Histogram<L> {
  const found = metricsRegistry().getSingleMetric(config.name) as Histogram<L> | undefined;
  return found ?? new Histogram<L>({ buckets: SECONDS_BUCKETS, ...config, registers: [metricsRegistry()] });
}

/** The registry in the Prometheus text format. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  const registry = metricsRegistry();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
