import { describe, expect, it } from 'vitest';
import { counter, histogram, renderMetrics, talliedCounter, talliedHistogram } from '@/lib/server/metrics/registry';
import { parseExposition, valueOf } from '../helpers/prometheus-text';

const scrape = async () => parseExposition((await renderMetrics()).body);

describe('talliedCounter', () => {
  it('lists every label set at 0, then each scrape shows the running totals, counted once', async () => {
    const [get, post] = talliedCounter({ name: 'candor_test_tallied_total', help: 'A test tally', labelNames: ['method'] }, [{ method: 'GET' }, { method: 'POST' }]);
    let families = await scrape();
    expect(valueOf(families, 'candor_test_tallied_total', { method: 'GET' })).toBe(0);
    expect(valueOf(families, 'candor_test_tallied_total', { method: 'POST' })).toBe(0);

    for (let i = 0; i < 1_000; i++) get!.inc();
    post!.inc();
    families = await scrape();
    expect(valueOf(families, 'candor_test_tallied_total', { method: 'GET' })).toBe(1_000);
    expect(valueOf(families, 'candor_test_tallied_total', { method: 'POST' })).toBe(1);
    // A scrape in between with nothing new changes nothing; the next adds only what came since.
    families = await scrape();
    expect(valueOf(families, 'candor_test_tallied_total', { method: 'GET' })).toBe(1_000);
    get!.inc();
    families = await scrape();
    expect(valueOf(families, 'candor_test_tallied_total', { method: 'GET' })).toBe(1_001);
    expect(valueOf(families, 'candor_test_tallied_total', { method: 'POST' })).toBe(1);
  });

  it('hands a second caller (the other module copy in the process) the same tallies, and refuses a name taken by a plain counter', async () => {
    const config = { name: 'candor_test_shared_total', help: 'Shared', labelNames: ['kind'] as const };
    const first = talliedCounter({ ...config, labelNames: [...config.labelNames] }, [{ kind: 'a' }]);
    const second = talliedCounter({ ...config, labelNames: [...config.labelNames] }, [{ kind: 'a' }]);
    expect(second).toBe(first);
    first[0]!.inc();
    second[0]!.inc();
    expect(valueOf(await scrape(), 'candor_test_shared_total', { kind: 'a' })).toBe(2);

    counter({ name: 'candor_test_plain_total', help: 'Plain' }).inc();
    expect(() => talliedCounter({ name: 'candor_test_plain_total', help: 'Plain' }, [{}])).toThrow('candor_test_plain_total is already registered as a plain counter');
  });
});

describe('talliedHistogram', () => {
  it("exposes exactly what prom-client's own histogram does for the same observations, zeroes included", async () => {
    const values = [0, 0.0001, 0.0005, 0.0005001, 0.003, 0.02, 0.7, 4.2, 29, 31, 1_000, 0.0009];
    const own = histogram({ name: 'candor_test_reference_seconds', help: 'Same help', labelNames: ['route'] });
    for (const route of ['hot', 'public', 'idle']) own.zero({ route });
    const tallied = talliedHistogram({ name: 'candor_test_tallied_seconds', help: 'Same help', labelNames: ['route'] }, [{ route: 'hot' }, { route: 'public' }, { route: 'idle' }]);
    values.forEach((v, i) => {
      own.labels({ route: i % 2 ? 'hot' : 'public' }).observe(v);
      tallied[i % 2 ? 0 : 1]!.observe(v);
    });
    const { body } = await renderMetrics();
    const block = (name: string) =>
      body
        .split('\n')
        .filter((l) => l.includes(name))
        .map((l) => l.replace(name, 'NAME'));
    const reference = block('candor_test_reference_seconds');
    expect(reference.length).toBeGreaterThan(50);
    expect(block('candor_test_tallied_seconds')).toEqual(reference);
    const families = parseExposition(body);
    expect(valueOf(families, 'candor_test_tallied_seconds_count', { route: 'hot' })).toBe(6);
    expect(valueOf(families, 'candor_test_tallied_seconds_bucket', { route: 'public', le: '0.0005' })).toBe(2);
    expect(valueOf(families, 'candor_test_tallied_seconds_bucket', { route: 'idle', le: '+Inf' })).toBe(0);
  });

  it('hands a second caller the same observers, and refuses a name taken by a plain histogram', () => {
    const config = { name: 'candor_test_shared_seconds', help: 'Shared', labelNames: ['route'] as const };
    const first = talliedHistogram(config, [{ route: 'hot' }]);
    expect(talliedHistogram(config, [{ route: 'hot' }])).toBe(first);
    histogram({ name: 'candor_test_plain_seconds', help: 'Plain' });
    expect(() => talliedHistogram({ name: 'candor_test_plain_seconds', help: 'Plain', labelNames: [] }, [{}])).toThrow('candor_test_plain_seconds is already registered as a plain histogram');
  });
});
