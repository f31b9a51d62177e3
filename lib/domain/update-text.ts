// What each carrier's customers read of an update, whether a text names someone else's carrier or
// product, and the promise of a next update. Pure: no I/O, the clock passed in.

import { DEFAULT_LANG, parseLang, type Lang } from '@/lib/i18n/languages';

/** An update's main text and its texts per region (keyed by region id; only non-empty ones). */
export interface UpdateText {
  body: string;
  bodies?: Readonly<Record<string, string>>;
}

/** The text one region's customers read: that region's own text when it has one, else the main text. */
export function bodyForRegion(update: UpdateText, regionId: string | null | undefined): string {
  const own = regionId ? update.bodies?.[regionId] : undefined;
  return own !== undefined && own.trim() !== '' ? own : update.body;
}

/** Per-region texts with empty ones dropped: an empty text means "use the main text". */
export function nonEmptyBodies<K extends string>(bodies: Readonly<Record<K, string>>): Record<K, string> {
  return Object.fromEntries(Object.entries<string>(bodies).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== '')) as Record<K, string>;
}

export interface NamedRegion {
  id: string;
  slug: string;
  name: string;
  carrier: string;
  product: string;
}

export interface CarrierNameWarning {
  /** `body` for the main text, `bodies_by_region.<slug>` for a region's text. */
  field: string;
  /** The region whose customers would read the names. */
  readerId: string;
  /** The other carriers' or products' names found, as written in the region's record. */
  names: string[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `text` contains `term` as a whole word, plural or possessive too (case-insensitive): "Hiptop's" names Hiptop. */
function mentions(text: string, term: string): boolean {
  const t = term.trim();
  if (t.length < 2) return false;
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(t)}(?:'?s)?(?![\\p{L}\\p{N}])`, 'iu').test(text);
}

const termsOf = (r: NamedRegion): string[] => [r.name, r.carrier, r.product];

/** The names of other regions (carrier, product, region name) found in text that `reader`'s customers read, minus the reader's own. */
function foreignNames(text: string, reader: NamedRegion, regions: readonly NamedRegion[]): string[] {
  const own = termsOf(reader).map((t) => t.toLowerCase());
  const found = new Set<string>();
  for (const other of regions) {
    if (other.id === reader.id) continue;
    for (const term of termsOf(other)) {
      // A product two carriers share (Rogers also sells the Sidekick) is not someone else's name.
      if (own.includes(term.toLowerCase()) || own.some((o) => mentions(o, term))) continue;
      if (mentions(text, term)) found.add(term);
    }
  }
  // "T-Mobile US" already says "T-Mobile": report the longer name only.
  return [...found].filter((n) => ![...found].some((m) => m !== n && mentions(m, n)));
}

/**
 * Texts that would show one carrier's customers another carrier's or product's name: the main
 * text for every affected region that has no text of its own, and each region's own text.
 */
export function carrierNameWarnings(input: { body: string; bodiesByRegionId: Readonly<Record<string, string>>; affectedRegionIds: readonly string[]; regions: readonly NamedRegion[] }): CarrierNameWarning[] {
  const warnings: CarrierNameWarning[] = [];
  const byId = new Map(input.regions.map((r) => [r.id, r]));
  for (const id of input.affectedRegionIds) {
    const reader = byId.get(id);
    if (!reader || input.bodiesByRegionId[id]?.trim()) continue;
    const names = foreignNames(input.body, reader, input.regions);
    if (names.length > 0) warnings.push({ field: 'body', readerId: id, names });
  }
  for (const [id, text] of Object.entries(input.bodiesByRegionId)) {
    const reader = byId.get(id);
    if (!reader || !text.trim()) continue;
    const names = foreignNames(text, reader, input.regions);
    if (names.length > 0) warnings.push({ field: `bodies_by_region.${reader.slug}`, readerId: id, names });
  }
  return warnings;
}

/** One sentence per warning, naming whose customers read what. */
export function describeCarrierWarning(w: CarrierNameWarning, regions: readonly NamedRegion[]): string {
  const reader = regions.find((r) => r.id === w.readerId);
  const who = reader ? `${reader.carrier} ${reader.product} customers` : 'customers';
  const what = w.field === 'body' ? 'The main text' : `The text for ${who}`;
  return `${what} names ${w.names.map((n) => `"${n}"`).join(' and ')}, which ${who} will read.`;
}

export interface PromisedUpdate {
  displayAt: Date | string;
  nextUpdateAt: Date | string | null;
}

/**
 * The promise an incident carries: the next-update time of its latest update (by when it is
 * shown), none once it is resolved. A later update without a time withdraws an earlier one.
 */
export function currentPromise(updates: readonly PromisedUpdate[], resolved: boolean): Date | null {
  if (resolved || updates.length === 0) return null;
  let latest = updates[0]!;
  for (const u of updates) if (new Date(u.displayAt).getTime() >= new Date(latest.displayAt).getTime()) latest = u;
  return latest.nextUpdateAt === null ? null : new Date(latest.nextUpdateAt);
}

/** Whether a promised next update is late at `now`. */
export function isOverdue(nextUpdateAt: Date | string | null | undefined, now: Date): boolean {
  if (nextUpdateAt === null || nextUpdateAt === undefined) return false;
  return now.getTime() > new Date(nextUpdateAt).getTime();
}

/** An update's text in another language: its main text and its regions' own texts (by region id). */
export interface Translation {
  lang: string;
  body: string;
  bodies?: Readonly<Record<string, string>>;
}

/**
 * What a reader in `lang` of one region reads of an update written in `update.lang`: the original
 * when it is their language; else the translation (a region with its own text needs its own text
 * translated); else the original, with `untranslatedFrom` naming the language it is in.
 */
export function textForReader(update: UpdateText & { lang?: string; translations?: readonly Translation[] }, regionId: string | null | undefined, lang: string): { text: string; untranslatedFrom: string | null } {
  const original = bodyForRegion(update, regionId);
  // An update from before languages has none recorded: it was written in English.
  const written = update.lang ?? 'en';
  if (lang === written) return { text: original, untranslatedFrom: null };
  const t = update.translations?.find((x) => x.lang === lang);
  const regionOwn = regionId ? update.bodies?.[regionId]?.trim() : undefined;
  const translated = regionOwn ? t?.bodies?.[regionId!]?.trim() : t?.body.trim();
  return translated ? { text: translated, untranslatedFrom: null } : { text: original, untranslatedFrom: written };
}

/**
 * The language an untranslated text is shown in to a reader of `lang` (for its one-line note and
 * its lang attribute), or null when the reader reads it in their own language.
 */
export function shownUntranslatedIn(read: { untranslatedFrom: string | null }, lang: string): Lang | null {
  if (read.untranslatedFrom === null) return null;
  const from = parseLang(read.untranslatedFrom) ?? DEFAULT_LANG;
  return from === lang ? null : from;
}
