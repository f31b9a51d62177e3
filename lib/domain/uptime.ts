// Uptime from impact intervals. Each incident's published updates, in displayAt order, set the
// status of the component x region cells they name; a cell's interval runs until the next update
// that names it or until the incident is resolved. Weighted downtime per UTC day:
//   major outage 1, partial outage 0.3, degraded performance and maintenance 0.
// Overlapping incidents never count twice: at each moment the heaviest status counts.
import { worstStatus, type ComponentStatus } from './status';

export const DOWNTIME_WEIGHT: Record<ComponentStatus, number> = { operational: 0, under_maintenance: 0, degraded_performance: 0, partial_outage: 0.3, major_outage: 1 };
export const DAY_MS = 86_400_000;

export interface UptimeIncident {
  id: string;
  title: string;
  kind: string;
  startedAt: string;
  resolvedAt: string | null;
  /** Published updates only. */
  updates: { displayAt: string; impacts: { componentId: string; regionId: string; status: ComponentStatus }[] }[];
  /** The incident's current impact rows (used for cells no update names). */
  currentImpacts: { componentId: string; regionId: string; status: ComponentStatus }[];
}

export interface ImpactInterval {
  incidentId: string;
  componentId: string;
  regionId: string;
  from: number;
  to: number;
  status: ComponentStatus;
}

export function impactIntervals(incident: UptimeIncident, now: Date): ImpactInterval[] {
  if (incident.kind === 'maintenance') return [];
  const start = Date.parse(incident.startedAt);
  const end = incident.resolvedAt ? Date.parse(incident.resolvedAt) : now.getTime();
  if (!(end > start)) return [];
  const updates = [...incident.updates].sort((a, b) => Date.parse(a.displayAt) - Date.parse(b.displayAt));
  const open = new Map<string, { componentId: string; regionId: string; from: number; status: ComponentStatus }>();
  const out: ImpactInterval[] = [];
  const close = (key: string, at: number) => {
    const o = open.get(key);
    if (o && at > o.from) out.push({ incidentId: incident.id, componentId: o.componentId, regionId: o.regionId, from: o.from, to: Math.min(at, end), status: o.status });
    open.delete(key);
  };
  updates.forEach((u, index) => {
    const at = index === 0 ? start : Math.min(Math.max(Date.parse(u.displayAt), start), end);
    for (const i of u.impacts) {
      const key = `${i.componentId}\u0000${i.regionId}`;
      close(key, at);
      open.set(key, { componentId: i.componentId, regionId: i.regionId, from: at, status: i.status });
    }
  });
  const named = new Set(updates.flatMap((u) => u.impacts.map((i) => `${i.componentId}\u0000${i.regionId}`)));
  for (const i of incident.currentImpacts) {
    const key = `${i.componentId}\u0000${i.regionId}`;
    if (!named.has(key)) open.set(key, { componentId: i.componentId, regionId: i.regionId, from: start, status: i.status });
  }
  for (const key of [...open.keys()]) close(key, end);
  return out.filter((i) => i.to > i.from);
}

/** Weighted downtime (ms) of intervals within [from, to), heaviest status at each instant. */
export function weightedDowntime(intervals: { from: number; to: number; status: ComponentStatus }[], from: number, to: number): number {
  const clipped = intervals.map((i) => ({ a: Math.max(i.from, from), b: Math.min(i.to, to), w: DOWNTIME_WEIGHT[i.status] })).filter((i) => i.b > i.a && i.w > 0);
  if (clipped.length === 0) return 0;
  const points = [...new Set(clipped.flatMap((i) => [i.a, i.b]))].sort((x, y) => x - y);
  let total = 0;
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k]!;
    const b = points[k + 1]!;
    let w = 0;
    for (const i of clipped) if (i.a <= a && i.b >= b && i.w > w) w = i.w;
    total += w * (b - a);
  }
  return total;
}

export interface DayUptime {
  /** YYYY-MM-DD (UTC). */
  date: string;
  /** 0..1, or null for a day that has not begun (never happens within the window). */
  uptime: number;
  worst: ComponentStatus;
  incidentIds: string[];
}

export interface UptimeSeries {
  days: DayUptime[];
  /** Mean over the window's days, 0..1. */
  uptime: number;
}

function series(intervals: ImpactInterval[], dayStarts: number[], now: number): UptimeSeries {
  const days = dayStarts.map((d) => {
    const end = Math.min(d + DAY_MS, now);
    const length = Math.max(end - d, 1);
    const inDay = intervals.filter((i) => i.from < end && i.to > d);
    const down = weightedDowntime(inDay, d, end);
    return {
      date: new Date(d).toISOString().slice(0, 10),
      uptime: Math.max(0, 1 - down / length),
      worst: worstStatus(inDay.map((i) => i.status)),
      incidentIds: [...new Set(inDay.map((i) => i.incidentId))],
    };
  });
  const lengths = dayStarts.map((d) => Math.max(Math.min(d + DAY_MS, now) - d, 1));
  const total = lengths.reduce((a, b) => a + b, 0);
  const up = days.reduce((sum, day, k) => sum + day.uptime * lengths[k]!, 0);
  return { days, uptime: total > 0 ? up / total : 1 };
}

/** UTC midnights of the last `count` days, the last one being today. */
export function windowDays(now: Date, count: number): number[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: count }, (_, k) => today - (count - 1 - k) * DAY_MS);
}

export interface UptimeReport {
  cell(componentId: string, regionId: string): UptimeSeries;
  /** A component over all regions, each region weighted by its estimated users (equal when none are set). */
  component(componentId: string): UptimeSeries;
  /** A region over all components, equally weighted. */
  region(regionId: string): UptimeSeries;
}

function average(list: UptimeSeries[], weights: number[]): UptimeSeries {
  const sum = weights.reduce((a, b) => a + b, 0);
  const w = sum > 0 ? weights.map((x) => x / sum) : weights.map(() => 1 / Math.max(weights.length, 1));
  const first = list[0];
  if (!first) return { days: [], uptime: 1 };
  return {
    uptime: list.reduce((acc, s, k) => acc + s.uptime * w[k]!, 0),
    days: first.days.map((d, index) => ({
      date: d.date,
      uptime: list.reduce((acc, s, k) => acc + s.days[index]!.uptime * w[k]!, 0),
      worst: worstStatus(list.map((s) => s.days[index]!.worst)),
      incidentIds: [...new Set(list.flatMap((s) => s.days[index]!.incidentIds))],
    })),
  };
}

export function uptimeReport(input: { incidents: UptimeIncident[]; componentIds: string[]; regions: { id: string; estimatedUsers: number }[]; now: Date; days?: number }): UptimeReport {
  const now = input.now.getTime();
  const dayStarts = windowDays(input.now, input.days ?? 90);
  const byCell = new Map<string, ImpactInterval[]>();
  for (const incident of input.incidents)
    for (const i of impactIntervals(incident, input.now)) {
      const key = `${i.componentId}\u0000${i.regionId}`;
      byCell.set(key, [...(byCell.get(key) ?? []), i]);
    }
  const cells = new Map<string, UptimeSeries>();
  const cell = (c: string, r: string): UptimeSeries => {
    const key = `${c}\u0000${r}`;
    let s = cells.get(key);
    if (!s) {
      s = series(byCell.get(key) ?? [], dayStarts, now);
      cells.set(key, s);
    }
    return s;
  };
  // Every page in every language asks for the same rows: each is averaged once per report.
  const components = new Map<string, UptimeSeries>();
  const regions = new Map<string, UptimeSeries>();
  const once = (memo: Map<string, UptimeSeries>, id: string, make: () => UptimeSeries): UptimeSeries => {
    let s = memo.get(id);
    if (!s) memo.set(id, (s = make()));
    return s;
  };
  return {
    cell,
    component: (c) => once(components, c, () => average(input.regions.map((r) => cell(c, r.id)), input.regions.map((r) => r.estimatedUsers))),
    region: (r) => once(regions, r, () => average(input.componentIds.map((c) => cell(c, r)), input.componentIds.map(() => 1))),
  };
}

export const formatUptime = (fraction: number): string => (fraction >= 1 ? '100%' : `${(Math.floor(fraction * 10_000) / 100).toFixed(2)}%`);
