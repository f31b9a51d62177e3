// A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: every line
// must be a HELP, a TYPE or a sample of a family whose TYPE came first; anything else throws.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*';
// Prometheus reads a value with Go's ParseFloat, so NaN and Inf are accepted in any case (prom-client writes "Nan").
const VALUE = '(?:[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[Nn][Aa][Nn]|[+-]?(?:[Ii][Nn][Ff](?:[Ii][Nn][Ii][Tt][Yy])?))';
const floatOf = (v: string) => {
  const inf = /^([+-]?)inf(?:inity)?$/i.exec(v);
  return inf ? (inf[1] === '-' ? -Infinity : Infinity) : /^nan$/i.test(v) ? NaN : Number(v);
};
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL}="(?:[^"\\\\\\n]|\\\\[\\\\"n])*",?)*)\\})? (${VALUE})(?: -?\\d+)?$`);
const PAIR = new RegExp(`(${LABEL})="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"`, 'g');
const SUFFIXES: Record<Family['type'], string[]> = { counter: [''], gauge: [''], untyped: [''], histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'] };

function familyOf(families: Map<string, Family>, sample: string): Family | undefined {
  for (const suffix of ['', '_bucket', '_sum', '_count']) {
    if (!sample.endsWith(suffix)) continue;
    const family = families.get(sample.slice(0, sample.length - suffix.length));
    if (family && SUFFIXES[family.type].includes(suffix)) return family;
  }
  return undefined;
}

export function parseExposition(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a line break');
  const families = new Map<string, Family>();
  const helps = new Map<string, string>();
  const seen = new Set<string>();
  text.slice(0, -1).split('\n').forEach((line, i) => {
    const where = `line ${i + 1}: ${line}`;
    if (line === '') return;
    const help = new RegExp(`^# HELP (${NAME}) (.*)$`).exec(line);
    if (help) {
      if (helps.has(help[1]!)) throw new Error(`second HELP, ${where}`);
      helps.set(help[1]!, help[2]!);
      return;
    }
    const type = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line);
    if (type) {
      if (families.has(type[1]!)) throw new Error(`second TYPE, ${where}`);
      families.set(type[1]!, { name: type[1]!, type: type[2] as Family['type'], help: helps.get(type[1]!) ?? '', samples: [] });
      return;
    }
    if (line.startsWith('#')) throw new Error(`malformed comment, ${where}`);
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`malformed sample, ${where}`);
    const family = familyOf(families, m[1]!);
    if (!family) throw new Error(`sample before its TYPE, ${where}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(PAIR)) {
      if (k! in labels) throw new Error(`label ${k} twice, ${where}`);
      labels[k!] = v!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    const key = `${m[1]}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) throw new Error(`series twice, ${where}`);
    seen.add(key);
    if (m[1]!.endsWith('_bucket') && family.type === 'histogram' && !('le' in labels)) throw new Error(`bucket without le, ${where}`);
    family.samples.push({ name: m[1]!, labels, value: floatOf(m[3]!) });
  });
  for (const f of families.values()) if (f.type === 'histogram') checkHistogram(f);
  return families;
}

/** Buckets grow with le, and the +Inf bucket is the count, for every label set. */
function checkHistogram(f: Family): void {
  const groups = new Map<string, Sample[]>();
  for (const s of f.samples) {
    const { le: _le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  for (const [key, samples] of groups) {
    const buckets = samples.filter((s) => s.name.endsWith('_bucket')).map((s) => ({ le: Number(s.labels.le!.replace('+Inf', 'Infinity')), v: s.value }));
    const count = samples.find((s) => s.name.endsWith('_count'))?.value;
    for (let i = 1; i < buckets.length; i++) if (buckets[i]!.le <= buckets[i - 1]!.le || buckets[i]!.v < buckets[i - 1]!.v) throw new Error(`${f.name}${key}: buckets out of order`);
    if (buckets.at(-1)?.le !== Infinity || buckets.at(-1)?.v !== count) throw new Error(`${f.name}${key}: the +Inf bucket is not the count`);
  }
}

/** The value of one series (labels must match exactly), or undefined. */
export function valueOf(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number | undefined {
  const family = familyOf(families, name);
  const want = JSON.stringify(Object.entries(labels).sort());
  return family?.samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want)?.value;
}
