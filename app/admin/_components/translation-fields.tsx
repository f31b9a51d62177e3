import { DEFAULT_LANG, LANGUAGES, LANGUAGE_NAMES } from '@/lib/i18n/languages';
import { TRANSLATED_FIELDS, readTranslations, type TranslatedKind } from '@/lib/domain/translations';

const LABELS: Record<string, string> = { name: 'Name', description: 'Description', postmortem: 'Postmortem', logoText: 'Logo text', footerText: 'Footer text' };
/** Fields whose text is long enough for a text area. */
const LONG = new Set(['postmortem', 'footerText']);

/**
 * The "Translations" disclosure of a console form: one input per field (all of the kind's, or `only`)
 * and language besides the default (the original serves it), prefilled; emptied, the translation goes.
 */
export function TranslationFields({ kind, stored, only, labels = {} }: { kind: TranslatedKind; stored?: string; only?: readonly string[]; labels?: Record<string, string> }) {
  const t = readTranslations(kind, stored);
  const fields = Object.entries(TRANSLATED_FIELDS[kind] as Record<string, number>).filter(([f]) => !only || only.includes(f));
  const langs = LANGUAGES.filter((l) => l !== DEFAULT_LANG);
  const count = fields.reduce((n, [f]) => n + Object.keys(t[f] ?? {}).length, 0);
  return (
    <details className="translations">
      <summary>Translations{count > 0 ? ` (${count})` : ''}</summary>
      <p className="small muted">Readers of these languages see these instead of the original; left empty, they see the original.</p>
      <div className="stack">
      {fields.map(([field, max]) =>
        langs.map((lang) => {
          const label = `${labels[field] ?? LABELS[field] ?? field} in ${LANGUAGE_NAMES[lang]}`;
          const name = `translations[${field}][${lang}]`;
          const value = t[field]?.[lang] ?? '';
          return (
            <label key={name}>
              {label}
              {LONG.has(field) ? <textarea name={name} lang={lang} maxLength={max} rows={field === 'postmortem' ? 8 : 2} defaultValue={value} /> : <input name={name} lang={lang} maxLength={max} defaultValue={value} />}
            </label>
          );
        }),
      )}
      </div>
    </details>
  );
}
