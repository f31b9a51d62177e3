import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricsRegistry } from '@/lib/server/metrics/registry';
import { registerProcessMetrics } from '@/lib/server/metrics/scrape-gauges';

// The README's Monitoring section is what an operator copies into Prometheus: every metric its
// alert rules and its table name must be one Candor really exports (the registry of `candor start`).

const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('**Monitoring.**'), readme.indexOf('**Housekeeping.**'));
const rules = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
const names = (text: string) => [...new Set(text.match(/\bcandor_[a-z0-9_]+/g) ?? [])];

registerProcessMetrics('web');
const exported = new Set(metricsRegistry().getMetricsAsArray().map((m) => m.name));

describe("README's Monitoring section", () => {
  it('has alert rules for mail paused, queue not draining, snapshot stale and backup too old', () => {
    for (const alert of ['CandorMailPaused', 'CandorQueueNotDraining', 'CandorSnapshotStale', 'CandorBackupTooOld']) expect(rules).toContain(`alert: ${alert}`);
  });

  it('names only metrics Candor exports in its alert rules', () => {
    const used = rules.split('\n').filter((line) => line.trim().startsWith('expr:')).flatMap(names);
    expect(used.length).toBeGreaterThanOrEqual(5);
    expect(used.filter((name) => !exported.has(name))).toEqual([]);
    expect(used).toContain('candor_backup_last_success_timestamp_seconds');
    // Positive control: a name Candor does not export is caught.
    expect(exported.has('candor_mail_paused')).toBe(false);
  });

  it('lists every candor_ metric in its table, and nothing else', () => {
    const table = section.split('\n').filter((line) => line.startsWith('| `candor_')).join('\n');
    expect(names(table).sort()).toEqual([...exported].filter((n) => n.startsWith('candor_')).sort());
  });
});
