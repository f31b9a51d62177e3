import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { ReactElement } from 'react';
import { EVERY_LANGUAGE, regionLanguages, type Lang, type OfferedLanguage } from '@/lib/i18n/languages';
import { translator, type Translator } from '@/lib/i18n/t';
import { audienceName } from '@/lib/domain/impact-matrix';
import { monthKey } from '@/lib/domain/time';
import type { PageStatus } from '@/lib/domain/status';
import { statusBadge } from './badge';
import { affectsComponent, affectsRegion, derive, type Derived } from './derive';
import { atomFeed, rssFeed, type FeedSpec } from './feeds';
import { maintenanceCalendar } from './ical';
import type { PublicModel, PublicRegion } from './model';
import { langParam } from './language';
import { localizeDerived } from './localize';
import { v2Bodies, V2_PATHS } from './v2';
import type { ViewContext } from './views/context';
import { HistoryPage } from './views/history';
import { HomePage } from './views/home';
import { IncidentPage } from './views/incident';
import { EmbedPage, NotFoundPage } from './views/misc';
import { RegionPage } from './views/region';
import { PUBLIC_CSS } from './views/styles';
import { PUBLIC_JS } from './views/script';
import { ICON_PATH, ICON_SVG } from './views/favicon';
import { renderHtml, type RenderOptions } from './views/render-html';
import { pageStatusText } from './views/words';
import { snapshotMetrics } from '../metrics/catalogue';
import { logger } from '../log/logger';

// Every public page, JSON body and feed rendered to bytes once, precompressed with gzip and
// brotli, with a strong ETag per encoding. Requests are answered from this map and never touch
// the database.

export type Encoding = 'br' | 'gzip' | 'identity';

/** What an earlier snapshot served under a path: its bytes' hash and their Last-Modified. */
interface Stamp {
  hash: string;
  ms: number;
}

/**
 * One answer of the snapshot. It is rendered on the first request that needs it (most of the
 * hundreds of pages and feeds in every language are never asked for between two rebuilds), then
 * kept: the body once, each compression on the first request that accepts it, a strong ETag from
 * the body. A rendering that throws is logged and answered as a 500 until the next rebuild.
 */
export class SnapshotEntry {
  readonly cors: boolean;
  private source: (() => string | Buffer) | null;
  private readonly declared: { status: number; contentType: string; cacheControl: string };
  private answer: { status: number; contentType: string; cacheControl: string } | null = null;
  private raw: Buffer | null = null;
  private gz: Buffer | null = null;
  private brotli: Buffer | null = null;
  private digest = '';
  private stamp: Stamp | null = null;
  private lastModifiedText: string | null = null;
  /** What this path served before this snapshot, as far as any earlier snapshot rendered it. */
  private prior: Stamp | null = null;
  /** The build time of the snapshot that made this entry (Last-Modified of new bytes). */
  private builtMs = 0;
  /** The path it was first put under, for the log. */
  private label = '';

  constructor(source: () => string | Buffer, contentType: string, options: { status?: number; cacheControl?: string; cors?: boolean } = {}) {
    this.source = source;
    this.cors = options.cors ?? false;
    this.declared = { status: options.status ?? 200, contentType, cacheControl: options.cacheControl ?? PAGE_CACHE };
  }

  get status(): number {
    return this.rendered().status;
  }
  get contentType(): string {
    return this.rendered().contentType;
  }
  get cacheControl(): string {
    return this.rendered().cacheControl;
  }
  get body(): Buffer {
    this.rendered();
    return this.raw!;
  }
  get gzip(): Buffer {
    return (this.gz ??= gzipSync(this.body, { level: 9 }));
  }
  get br(): Buffer {
    const body = this.body;
    return (this.brotli ??= brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }));
  }
  /** Strong validator of the content; per-encoding ETags derive from it. */
  get hash(): string {
    this.rendered();
    return this.digest;
  }
  /** When these bytes were first served (carried over from an earlier snapshot while unchanged). */
  get lastModifiedMs(): number {
    this.rendered();
    return this.stamp!.ms;
  }
  /** The same as an HTTP-date, for Last-Modified. */
  get lastModified(): string {
    return (this.lastModifiedText ??= new Date(this.lastModifiedMs).toUTCString());
  }
  /** True once the body exists (tests read it). */
  get isRendered(): boolean {
    return this.source === null;
  }

  /**
   * Ties the entry to the path it serves in a snapshot built at `builtMs`, and to what that path
   * served in the snapshot before (`previous`). Only the first call counts: an entry serves several
   * paths (a page's bare address and its `?lang=` one), and an entry kept from an earlier snapshot
   * (the stylesheet) keeps its date.
   */
  placed(label: string, previous: SnapshotEntry | undefined, builtMs: number): void {
    if (this.builtMs !== 0) return;
    this.label = label;
    this.builtMs = builtMs;
    this.prior = previous && previous !== this ? previous.known() : null;
  }

  /** The newest stamp this path is known to have had: its own once rendered, else the one it inherited. */
  private known(): Stamp | null {
    return this.stamp ?? this.prior;
  }

  private rendered(): { status: number; contentType: string; cacheControl: string } {
    if (this.answer) return this.answer;
    const render = this.source!;
    this.source = null;
    const started = performance.now();
    try {
      const out = render();
      this.raw = typeof out === 'string' ? Buffer.from(out) : out;
      this.answer = this.declared;
      snapshotMetrics().render.observe((performance.now() - started) / 1000);
    } catch (error) {
      snapshotMetrics().renderFailures.inc();
      logger('snapshot').error({ err: error, path: this.label }, 'public snapshot: a page could not be rendered; it answers 500 until the next rebuild');
      this.raw = Buffer.from('This page could not be made just now. Please try again in a minute.\n');
      this.answer = { status: 500, contentType: 'text/plain; charset=utf-8', cacheControl: 'no-store' };
    }
    this.digest = createHash('sha256').update(this.raw).digest('base64url').slice(0, 22);
    this.stamp = stampFor(this.digest, this.prior, this.builtMs || Date.now());
    this.prior = null;
    return this.answer;
  }
}

export interface Snapshot {
  entries: Map<string, SnapshotEntry>;
  /** The route pattern each path was made from (/incidents/:id), for the request log. */
  routes: Map<string, string>;
  /** The HTML 404 in the default language (English), and in each language. */
  notFoundHtml: SnapshotEntry;
  notFoundHtmlIn: Map<Lang, SnapshotEntry>;
  notFoundJson: SnapshotEntry;
  regionNotFoundJson: SnapshotEntry;
  regionSlugs: Set<string>;
  /** When the data was read from the database. */
  asOf: string;
  /** The same in milliseconds (the hot path computes the snapshot's age per request). */
  asOfMs: number;
  builtAt: string;
  stale: boolean;
  /** Next time-driven change (a maintenance window opening or closing). */
  nextBoundary: string | null;
  model: PublicModel;
}

const PAGE_CACHE = 'public, max-age=10, s-maxage=30, stale-while-revalidate=300, stale-if-error=86400';
const HOME_CACHE = 'public, max-age=0, must-revalidate, s-maxage=30, stale-while-revalidate=300, stale-if-error=86400';
const ASSET_CACHE = 'public, max-age=31536000, immutable';
const ICON_CACHE = 'public, max-age=86400, stale-while-revalidate=604800';
const MISS_CACHE = 'public, max-age=10, s-maxage=10';
const HISTORY_MONTHS = 36;

export const HTML = 'text/html; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';

/** An entry rendered when first asked for; `body` may be made by a function. */
export function makeEntry(body: string | Buffer | (() => string | Buffer), contentType: string, options: { status?: number; cacheControl?: string; cors?: boolean } = {}): SnapshotEntry {
  return new SnapshotEntry(typeof body === 'function' ? body : () => body, contentType, options);
}

/**
 * Last-Modified: bytes unchanged since an earlier snapshot keep its date; changed ones get the build
 * time in whole seconds, moved a second past the old date if that second was already used, so an
 * If-Modified-Since from the old bytes never matches the new ones.
 */
function stampFor(hash: string, prior: Stamp | null, builtMs: number): Stamp {
  if (prior && prior.hash === hash && prior.ms > 0) return prior;
  const base = Math.floor(builtMs / 1000) * 1000;
  return { hash, ms: prior && prior.ms >= base ? prior.ms + 1000 : base };
}

const page = (element: ReactElement, options?: RenderOptions): string => `<!DOCTYPE html>${renderHtml(element, options)}`;

/**
 * On a page in a language other than its default, links to this site's pages carry `?lang=`, so the
 * reader stays in the language they chose (without cookies, and past a copy their browser cached).
 */
export function keepLanguage(lang: Lang): RenderOptions {
  return { link: (href) => (/^\/(?!assets\/|api\/)[^?#]*$/.test(href) && !/\.[a-z]+$/.test(href) ? `${href}?lang=${lang}` : href) };
}
/** JSON with <, > and & escaped so a body can never be sniffed or spliced as markup. */
export const safeJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

/** Months with a history page, newest first: the current month back to the oldest incident (capped). */
export function historyMonths(d: Derived): string[] {
  const current = monthKey(d.now);
  const oldest = d.incidents.reduce((m, i) => (i.startedAt.slice(0, 7) < m ? i.startedAt.slice(0, 7) : m), current);
  const months: string[] = [];
  let cursor = new Date(`${current}-01T00:00:00Z`);
  while (months.length < HISTORY_MONTHS) {
    const key = monthKey(cursor);
    months.push(key);
    if (key <= oldest) break;
    cursor = new Date(Date.UTC(cursor.getUTCFullYear(), cursor.getUTCMonth() - 1, 1));
  }
  return months;
}

type BuildOptions = { stale?: boolean; previous?: Snapshot | null };

/** The stylesheet, script and icon never change within a process: made once, with one date. */
let assets: { css: SnapshotEntry; js: SnapshotEntry; icon: SnapshotEntry; cssHref: string; jsHref: string } | null = null;
function staticAssets() {
  if (!assets) {
    const css = makeEntry(PUBLIC_CSS, 'text/css; charset=utf-8', { cacheControl: ASSET_CACHE });
    const js = makeEntry(PUBLIC_JS, 'text/javascript; charset=utf-8', { cacheControl: ASSET_CACHE });
    const icon = makeEntry(ICON_SVG, 'image/svg+xml; charset=utf-8', { cacheControl: ICON_CACHE });
    assets = { css, js, icon, cssHref: `/assets/status.${css.hash.slice(0, 12)}.css`, jsHref: `/assets/status.${js.hash.slice(0, 12)}.js` };
  }
  return assets;
}

/**
 * Builds the snapshot for a model: every path it answers, each with its entry, rendered on first
 * request (see SnapshotEntry), so a rebuild costs the reading of the model and the deriving, not the
 * rendering of hundreds of pages. `previous` (the snapshot being replaced) carries Last-Modified
 * dates over for unchanged bytes.
 */
export function buildSnapshot(model: PublicModel, now: Date, options: BuildOptions = {}): Snapshot {
  const d = derive(model, now);
  const stale = options.stale ?? false;
  const { css, js, icon, cssHref, jsHref } = staticAssets();
  const base = { d, cssHref, jsHref, asOf: model.loadedAt, stale };
  // Translators per (language, region locale): dates keep a region's own conventions in its language.
  const translators = new Map<string, ReturnType<typeof translator>>();
  const trFor = (lang: Lang, locale: string) => {
    const key = `${lang}|${locale}`;
    let tr = translators.get(key);
    if (!tr) translators.set(key, (tr = translator(lang, locale)));
    return tr;
  };
  // Pages without a carrier speak every language; a carrier's pages those it offers, its own first.
  const offered = new Map(model.regions.map((r) => [r.id, regionLanguages(r.locale, r.languages)]));
  const languagesOf = (region: PublicRegion | null) => (region ? offered.get(region.id)! : EVERY_LANGUAGE);
  // Staff text in each language (its translation, else the original), derived once per language.
  const localized = new Map<Lang, Derived>();
  const dIn = (lang: Lang): Derived => {
    let l = localized.get(lang);
    if (!l) localized.set(lang, (l = localizeDerived(d, lang)));
    return l;
  };
  const ctxFor = (o: OfferedLanguage, region: PublicRegion | null, path: string): ViewContext => ({ ...base, d: dIn(o.lang), tr: trFor(o.lang, o.locale), path, langs: languagesOf(region).map((l) => l.lang) });
  const entries = new Map<string, SnapshotEntry>();
  const routes = new Map<string, string>();
  const put = (route: string, path: string, entry: SnapshotEntry) => {
    entries.set(path, entry);
    routes.set(path.split('?')[0]!, route);
  };
  // Any entry in every language the region offers (every language without one): the bare path holds
  // the region's language (English without a region), `path?lang=<lang>` each language
  // (language.ts chooses among them per request).
  const perLanguage = (route: string, paths: string[], region: PublicRegion | null, make: (o: OfferedLanguage, isDefault: boolean) => SnapshotEntry) => {
    languagesOf(region).forEach((o, k) => {
      const entry = make(o, k === 0);
      for (const p of paths) {
        if (k === 0) put(route, p, entry);
        put(route, `${p}?lang=${o.lang}`, entry);
      }
    });
  };
  const html = (route: string, path: string, region: PublicRegion | null, render: (ctx: ViewContext) => ReactElement, options: { cacheControl?: string; also?: string[] } = {}) =>
    perLanguage(route, [path, ...(options.also ?? [])], region, (o, isDefault) => makeEntry(() => page(render(ctxFor(o, region, path)), isDefault ? undefined : keepLanguage(o.lang)), HTML, options));
  put('/assets/status.:hash.css', cssHref, css);
  put('/assets/status.:hash.js', jsHref, js);
  put(ICON_PATH, ICON_PATH, icon);
  // Asked for by feed readers, bots and browsers on pages that are not ours (every browser takes an SVG here).
  put('/favicon.ico', '/favicon.ico', icon);

  // The home page may redirect to a remembered region (a cookie), so browsers revalidate it.
  html('/', '/', null, (ctx) => <HomePage ctx={ctx} />, { cacheControl: HOME_CACHE });
  html('/embed', '/embed', null, (ctx) => <EmbedPage ctx={ctx} region={null} />);
  for (const r of model.regions) {
    html('/regions/:slug', `/regions/${r.slug}`, r, (ctx) => <RegionPage ctx={ctx} region={r} />);
    html('/regions/:slug/embed', `/regions/${r.slug}/embed`, r, (ctx) => <EmbedPage ctx={ctx} region={r} />);
  }
  const inLang = (ctx: ViewContext, i: Derived['incidents'][number]) => ctx.d.byId.get(i.id) ?? i;
  for (const i of d.incidents) html('/incidents/:id', `/incidents/${i.id}`, null, (ctx) => <IncidentPage ctx={ctx} i={inLang(ctx, i)} />);
  const months = historyMonths(d);
  const history = (path: string, route: string, region: PublicRegion | null) =>
    months.forEach((m, k) => {
      // The current month is also the bare history page: one rendering serves both paths.
      if (k === 0) html(route, path, region, (ctx) => <HistoryPage ctx={ctx} month={m} months={months} region={region} />, { also: [`${path}/${m}`] });
      else html(`${route}/:month`, `${path}/${m}`, region, (ctx) => <HistoryPage ctx={ctx} month={m} months={months} region={region} />);
    });
  history('/history', '/history', null);
  // Carrier context: a carrier's pages and notices link to its own reading of each incident (only its
  // carrier, its own texts, its time zone) and of the history.
  for (const r of model.regions) {
    for (const i of d.incidents) if (affectsRegion(i, r.id)) html('/regions/:slug/incidents/:id', `/regions/${r.slug}/incidents/${i.id}`, r, (ctx) => <IncidentPage ctx={ctx} i={inLang(ctx, i)} region={r} />);
    history(`/regions/${r.slug}/history`, '/regions/:slug/history', r);
  }

  // Feeds (everything, per carrier, per service), the calendar and the badges, in each language like
  // the pages: the bare address in the default, `?lang=` in each; entry ids are the same in all.
  const site = (lang: Lang) => dIn(lang).model.page.name;
  const componentName = (c: PublicModel['components'][number], lang: Lang) => dIn(lang).model.components.find((x) => x.id === c.id)?.name ?? c.name;
  const feeds: (Omit<FeedSpec, 'title' | 'region'> & { route: string; title: (tr: Translator) => string; region: PublicRegion | null })[] = [
    { title: (tr) => tr.t('feed.incidents', { site: site(tr.lang) }), path: '/feed', route: '/feed', pagePath: '/', incidents: d.incidents, region: null },
    ...model.regions.map((r) => ({ title: (tr: Translator) => tr.t('feed.named', { site: site(tr.lang), name: audienceName(r) }), path: `/regions/${r.slug}/feed`, route: '/regions/:slug/feed', pagePath: `/regions/${r.slug}`, incidents: d.incidents.filter((i) => affectsRegion(i, r.id)), region: r })),
    ...model.components.map((c) => ({ title: (tr: Translator) => tr.t('feed.named', { site: site(tr.lang), name: componentName(c, tr.lang) }), path: `/components/${c.slug}/feed`, route: '/components/:slug/feed', pagePath: '/', incidents: d.incidents.filter((i) => affectsComponent(i, c.id)), region: null })),
  ];
  const feedOptions = { cors: true };
  for (const f of feeds) {
    const spec = (o: OfferedLanguage, isDefault: boolean): FeedSpec => ({ ...f, incidents: f.incidents.map((i) => dIn(o.lang).byId.get(i.id) ?? i), region: f.region ?? undefined, title: f.title(trFor(o.lang, o.locale)), query: isDefault ? '' : `?lang=${o.lang}` });
    perLanguage(`${f.route}.atom`, [`${f.path}.atom`], f.region, (o, isDefault) => makeEntry(() => atomFeed(dIn(o.lang), spec(o, isDefault), trFor(o.lang, o.locale)), 'application/atom+xml; charset=utf-8', feedOptions));
    perLanguage(`${f.route}.rss`, [`${f.path}.rss`], f.region, (o, isDefault) => makeEntry(() => rssFeed(dIn(o.lang), spec(o, isDefault), trFor(o.lang, o.locale)), 'application/rss+xml; charset=utf-8', feedOptions));
  }
  perLanguage('/maintenance.ics', ['/maintenance.ics'], null, (o, isDefault) => makeEntry(() => maintenanceCalendar(dIn(o.lang), trFor(o.lang, o.locale), isDefault ? '' : `?lang=${o.lang}`), 'text/calendar; charset=utf-8', feedOptions));
  const badge = (label: string, s: PageStatus, tr: Translator) => makeEntry(() => statusBadge(label, pageStatusText(tr, s).toLocaleLowerCase(tr.locale), s.indicator), 'image/svg+xml; charset=utf-8', feedOptions);
  perLanguage('/badge.svg', ['/badge.svg'], null, (o) => badge(trFor(o.lang, o.locale).t('badge.label'), d.status, trFor(o.lang, o.locale)));
  for (const r of model.regions) perLanguage('/regions/:slug/badge.svg', [`/regions/${r.slug}/badge.svg`], r, (o) => badge(audienceName(r), d.regionStatus.get(r.id) ?? d.status, trFor(o.lang, o.locale)));

  // Statuspage v2 JSON, whole page and per region (?region=<slug>).
  const snap = { asOf: model.loadedAt, stale };
  const addV2 = (region: PublicRegion | null) => {
    let bodies: ReturnType<typeof v2Bodies> | null = null;
    for (const p of V2_PATHS) put(`/api/v2/${p}`, `/api/v2/${p}${region ? `?region=${region.slug}` : ''}`, makeEntry(() => safeJson((bodies ??= v2Bodies(d, region, snap))[p]), JSON_TYPE, { cors: true }));
  };
  addV2(null);
  for (const r of model.regions) addV2(r);

  const previous = options.previous ?? null;
  const builtMs = now.getTime();
  for (const [key, entry] of entries) entry.placed(key, previous?.entries.get(key), builtMs);
  const notFoundHtmlIn = new Map(EVERY_LANGUAGE.map((o, k) => [o.lang, makeEntry(() => page(<NotFoundPage ctx={ctxFor(o, null, '/')} />, k === 0 ? undefined : keepLanguage(o.lang)), HTML, { status: 404, cacheControl: MISS_CACHE })]));
  const notFoundHtml = notFoundHtmlIn.get(EVERY_LANGUAGE[0]!.lang)!;
  const notFoundJson = makeEntry(safeJson({ error: { code: 'not_found', message: 'not found' } }), JSON_TYPE, { status: 404, cacheControl: MISS_CACHE, cors: true });
  const regionNotFoundJson = makeEntry(safeJson({ error: { code: 'not_found', message: 'unknown region' } }), JSON_TYPE, { status: 404, cacheControl: MISS_CACHE, cors: true });
  for (const [lang, entry] of notFoundHtmlIn) entry.placed(`404 (${lang})`, previous?.notFoundHtmlIn?.get(lang), builtMs);
  notFoundJson.placed('404 (json)', previous?.notFoundJson, builtMs);
  regionNotFoundJson.placed('404 (json, region)', previous?.regionNotFoundJson, builtMs);

  return {
    entries,
    routes,
    notFoundHtml,
    notFoundHtmlIn,
    notFoundJson,
    regionNotFoundJson,
    regionSlugs: new Set(model.regions.map((r) => r.slug)),
    asOf: model.loadedAt,
    asOfMs: Date.parse(model.loadedAt),
    builtAt: now.toISOString(),
    stale,
    nextBoundary: d.nextBoundary?.toISOString() ?? null,
    model,
  };
}


export type LookupResult = { entry: SnapshotEntry; found: boolean } | null;

/** Public prefixes whose misses are answered by the snapshot's 404 rather than by Next. */
const OWNED_PREFIXES = ['/regions/', '/incidents/', '/history/', '/components/', '/assets/status.', '/api/v2/'];

/**
 * Finds the entry for a request path and query. Only `region` on /api/v2 and `lang` on pages mean
 * anything; every other query parameter is ignored. Returns null when the path is not the snapshot's to answer.
 */
export function lookup(snapshot: Snapshot, rawPath: string, search: string): LookupResult {
  let path = rawPath;
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  if (path.startsWith('/api/v2/')) {
    const region = new URLSearchParams(search).get('region');
    if (region !== null && region !== '') {
      const hit = snapshot.entries.get(`${path}?region=${region}`);
      if (hit) return { entry: hit, found: true };
      return { entry: snapshot.entries.has(path) ? snapshot.regionNotFoundJson : snapshot.notFoundJson, found: false };
    }
    const hit = snapshot.entries.get(path);
    return hit ? { entry: hit, found: true } : { entry: snapshot.notFoundJson, found: false };
  }
  const lang = search ? langParam(search) : null;
  const hit = (lang ? snapshot.entries.get(`${path}?lang=${lang}`) : undefined) ?? snapshot.entries.get(path);
  if (hit) return { entry: hit, found: true };
  if (OWNED_PREFIXES.some((p) => path.startsWith(p)) || path === '/regions' || path === '/incidents') return { entry: (lang && snapshot.notFoundHtmlIn.get(lang)) || snapshot.notFoundHtml, found: false };
  return null;
}
