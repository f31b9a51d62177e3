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

/** What the request path calls per event: a plain addition, summed into prom-client when scraped. */
export interface Tally {
  inc(): void;
}
const TALLIES = Symbol.for('candor.metrics.tallies');

/**
 * A labelled counter whose children the request path bumps by a plain addition: the sums reach
 * prom-client's counter when the registry is read (its collect). prom-client's own inc() checks and
 * hashes the labels every time (~0.5 µs), a noticeable share of a hot-path answer. Each label set is
 * listed at 0 from the first scrape. Both module copies in the process (see above) get the same
 * tallies: they live on the counter.
 */
export function talliedCounter<L extends string>(config: Config<CounterConfiguration<L>>, labelSets: readonly Partial<Record<L, string>>[]): Tally[] {
  type WithTallies = Counter<L> & { [TALLIES]?: Tally[] };
  const found = metricsRegistry().getSingleMetric(config.name) as WithTallies | undefined;
  if (found) {
    if (!found[TALLIES]) throw new Error(`${config.name} is already registered as a plain counter`);
    return found[TALLIES];
  }
  const counts = new Float64Array(labelSets.length);
  const children: Counter.Internal[] = [];
  const made: WithTallies = new Counter<L>({
    ...config,
    registers: [metricsRegistry()],
    collect() {
      for (let i = 0; i < counts.length; i++) {
        if (counts[i]! === 0) continue;
        children[i]!.inc(counts[i]);
        counts[i] = 0;
      }
    },
  });
  for (const labels of labelSets) {
    const child = made.labels(labels);
    child.inc(0);
    children.push(child);
  }
  made[TALLIES] = labelSets.map((_, i) => ({ inc: () => void (counts[i]! += 1) }));
  return made[TALLIES];
}

/** What the request path calls per observation (a time in seconds). */
export interface TalliedObserver {
  observe(value: number): void;
}
const OBSERVERS = Symbol.for('candor.metrics.observers');

/**
 * A labelled histogram for the request path, made like talliedCounter: a child's observe() is a
 * bucket search and three additions in typed arrays (prom-client's observe() checks and hashes the
 * labels each time, ~0.7 µs). It sits in the registry beside prom-client's metrics and hands the
 * registry the same values a prom-client histogram does (cumulative `_bucket` per `le`, `+Inf`,
 * `_sum`, `_count`), which prom-client then writes in the exposition format.
 */
export function talliedHistogram<L extends string>(config: { name: string; help: string; labelNames: readonly L[]; buckets?: readonly number[] }, labelSets: readonly Record<L, string>[]): TalliedObserver[] {
  const registry = metricsRegistry();
  type Made = { [OBSERVERS]?: TalliedObserver[] };
  const found = registry.getSingleMetric(config.name) as unknown as Made | undefined;
  if (found) {
    if (!found[OBSERVERS]) throw new Error(`${config.name} is already registered as a plain histogram`);
    return found[OBSERVERS];
  }
  const bounds = [...(config.buckets ?? SECONDS_BUCKETS)];
  // Per label set: one count per bound and one for +Inf (not cumulative), the sum and the count.
  const width = bounds.length + 1;
  const buckets = new Float64Array(labelSets.length * width);
  const sums = new Float64Array(labelSets.length);
  const counts = new Float64Array(labelSets.length);
  const observers = labelSets.map((_, set) => ({
    observe(value: number) {
      let b = 0;
      while (b < bounds.length && value > bounds[b]!) b++;
      buckets[set * width + b]! += 1;
      sums[set]! += value;
      counts[set]! += 1;
    },
  }));
  const metric = {
    name: config.name,
    help: config.help,
    type: 'histogram',
    aggregator: 'sum',
    [OBSERVERS]: observers,
    get() {
      const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
      labelSets.forEach((labels, set) => {
        let cumulative = 0;
        bounds.forEach((le, b) => {
          cumulative += buckets[set * width + b]!;
          values.push({ labels: { le, ...labels }, value: cumulative, metricName: `${config.name}_bucket` });
        });
        values.push({ labels: { le: '+Inf', ...labels }, value: counts[set]!, metricName: `${config.name}_bucket` });
        values.push({ labels: { ...labels }, value: sums[set]!, metricName: `${config.name}_sum` });
        values.push({ labels: { ...labels }, value: counts[set]!, metricName: `${config.name}_count` });
      });
      return Promise.resolve({ name: config.name, help: config.help, type: 'histogram', aggregator: 'sum', values });
    },
    reset() {
      buckets.fill(0);
      sums.fill(0);
      counts.fill(0);
    },
  };
  registry.registerMetric(metric as unknown as Histogram<L>);
  return observers;
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
