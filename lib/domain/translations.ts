// Staff-typed text in other languages (component and group names, incident titles, the page's
// name...), stored per object as JSON `{ field: { lang: text } }`. Pure: no I/O.
import { z } from 'zod';
import { LANGUAGES, type Lang } from '@/lib/i18n/languages';

/** The fields each kind of object translates, with the same length limit as the field itself. */
export const TRANSLATED_FIELDS = {
  component: { name: 100, description: 500 },
  group: { name: 100, description: 500 },
  incident: { name: 200, postmortem: 100_000 },
  page: { name: 100, logoText: 60, footerText: 500 },
} as const;
export type TranslatedKind = keyof typeof TRANSLATED_FIELDS;
export type TranslatedField<K extends TranslatedKind> = keyof (typeof TRANSLATED_FIELDS)[K] & string;

/** What is stored: per field, per language, non-empty trimmed text. */
export type Translations = { [field: string]: Partial<Record<Lang, string>> | undefined };

const isLang = (tag: string): tag is Lang => (LANGUAGES as readonly string[]).includes(tag);
const notALanguage = `not a language Candor writes in (${LANGUAGES.join(', ')})`;

/** Texts per language for one field; an empty text asks to remove that language's translation. */
const perLanguage = (max: number) =>
  z.record(z.string(), z.string().trim().max(max, `at most ${max} characters`)).superRefine((texts, ctx) => {
    for (const tag of Object.keys(texts)) if (!isLang(tag)) ctx.addIssue({ code: 'custom', path: [tag], message: notALanguage });
  });

function schemaFor<K extends TranslatedKind>(kind: K) {
  const fields = TRANSLATED_FIELDS[kind] as Record<string, number>;
  const shape = Object.fromEntries(Object.entries(fields).map(([field, max]) => [field, perLanguage(max).optional()]));
  return z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `translates only ${Object.keys(fields).join(', ')}` : undefined) }).describe(`Translations per field and language, e.g. { "name": { "de-DE": "…" } }; an empty text removes that translation, fields and languages left out stay as they are`);
}

/** Input schemas (patches) per kind of object, for the `translations` field of its create and update inputs. */
export const ComponentTranslationsInput = schemaFor('component');
export const GroupTranslationsInput = schemaFor('group');
export const IncidentTranslationsInput = schemaFor('incident');
export const PageTranslationsInput = schemaFor('page');
export type TranslationsPatch = Record<string, Record<string, string> | undefined>;

/** Stored order: fields as listed in TRANSLATED_FIELDS, languages as in LANGUAGES (so equal content is equal JSON). */
function normalise(kind: TranslatedKind, t: Translations): Translations {
  const out: Translations = {};
  for (const field of Object.keys(TRANSLATED_FIELDS[kind])) {
    const texts = t[field];
    if (!texts) continue;
    const kept = Object.fromEntries(LANGUAGES.filter((l) => (texts[l] ?? '').trim() !== '').map((l) => [l, texts[l]!.trim()]));
    if (Object.keys(kept).length > 0) out[field] = kept;
  }
  return out;
}

/** A patch applied to stored translations: a text sets its language's translation, an empty one removes it, the rest stays. */
export function mergeTranslations(kind: TranslatedKind, stored: Translations, patch: TranslationsPatch | undefined): Translations {
  const out: Translations = Object.fromEntries(Object.entries(stored).map(([f, texts]) => [f, { ...texts }]));
  for (const [field, texts] of Object.entries(patch ?? {})) {
    if (!texts) continue;
    const target = (out[field] ??= {});
    for (const [tag, text] of Object.entries(texts)) {
      if (!isLang(tag)) continue;
      if (text.trim() === '') delete target[tag];
      else target[tag] = text.trim();
    }
  }
  return normalise(kind, out);
}

/** The stored column read back; anything malformed (a hand-edited row) reads as no translations. */
export function readTranslations(kind: TranslatedKind, json: string | null | undefined): Translations {
  if (!json) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  const clean: Translations = {};
  for (const [field, texts] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof texts !== 'object' || texts === null) continue;
    clean[field] = Object.fromEntries(Object.entries(texts as Record<string, unknown>).filter((e): e is [Lang, string] => isLang(e[0]) && typeof e[1] === 'string'));
  }
  return normalise(kind, clean);
}

/** The column's text for stored translations. */
export const writeTranslations = (t: Translations): string => JSON.stringify(t);

/** A field in `lang`: its translation when there is one, else the original (the object's own field, or `original`). */
export function translated<T extends { translations?: Translations }, F extends keyof T & string>(obj: T, field: F, lang: string): T[F] | string;
export function translated<O extends string | null | undefined>(obj: { translations?: Translations }, field: string, lang: string, original: O): O | string;
export function translated(obj: { translations?: Translations } & object, field: string, lang: string, ...original: unknown[]): unknown {
  const t = isLang(lang) ? obj.translations?.[field]?.[lang] : undefined;
  if (t !== undefined && t !== '') return t;
  return original.length > 0 ? original[0] : (obj as Record<string, unknown>)[field];
}

/** A page's name for each language: staff's translation where they wrote one, else `name` (mail, titles). */
export function pageNameByLang(name: string, translationsJson: string | null | undefined): (lang: string) => string {
  const page = { name, translations: readTranslations('page', translationsJson) };
  return (lang) => translated(page, 'name', lang);
}
