import { LANGUAGE_NAMES, LANGUAGES, parseLang, DEFAULT_LANG } from '@/lib/i18n/languages';
import { ActionForm } from '../../_lib/action-form';
import { translateUpdateAction } from '../translate-action';
import { UpdateBody } from '../_components/update-body';

interface Translated {
  id: string;
  lang: string;
  body: string;
  bodiesByRegion: string;
}
interface RegionText {
  id: string;
  body: string;
  region: { id: string; slug: string; carrier: string; product: string; position: number };
}

const byPosition = (a: RegionText, b: RegionText) => a.region.position - b.region.position;

/**
 * An update's translations beside the original: each one shown, and (for responders) a form per
 * other language, prefilled with what is stored, that adds or replaces it. Plain forms, no script.
 */
export function UpdateTranslations({ update, canEdit }: { update: { id: string; lang: string; regionBodies: RegionText[]; translations: Translated[] }; canEdit: boolean }) {
  const original = parseLang(update.lang) ?? DEFAULT_LANG;
  const others = LANGUAGES.filter((l) => l !== original);
  const regions = [...update.regionBodies].sort(byPosition);
  const stored = new Map(update.translations.map((t) => [t.lang, { body: t.body, bodies: JSON.parse(t.bodiesByRegion) as Record<string, string> }]));
  if (!canEdit && stored.size === 0) return null;
  return (
    <details className="update-translations">
      <summary>{`Written in ${LANGUAGE_NAMES[original]}; translations: ${stored.size === 0 ? 'none' : others.filter((l) => stored.has(l)).map((l) => LANGUAGE_NAMES[l]).join(', ')}`}</summary>
      {others.map((lang) => {
        const t = stored.get(lang);
        return (
          <div key={lang} className="stack translation" lang={lang}>
            <h3>{LANGUAGE_NAMES[lang]}</h3>
            {t ? <UpdateBody source={t.body} /> : <p className="muted">Not translated: {LANGUAGE_NAMES[lang]} readers get the original with a note saying so.</p>}
            {canEdit ? (
              <ActionForm action={translateUpdateAction} className="stack" aria-label={`Translation into ${LANGUAGE_NAMES[lang]}`}>
                <input type="hidden" name="update_id" value={update.id} />
                <input type="hidden" name="lang" value={lang} />
                <label>
                  Main text in {LANGUAGE_NAMES[lang]} (Markdown)
                  <textarea name="body" required maxLength={20_000} rows={4} defaultValue={t?.body ?? ''} />
                </label>
                {regions.map((r) => (
                  <label key={r.id}>
                    {r.region.carrier} {r.region.product}&rsquo;s own text in {LANGUAGE_NAMES[lang]} (empty: they read their original text with a note)
                    <textarea name={`bodies_by_region[${r.region.slug}]`} maxLength={20_000} rows={3} defaultValue={t?.bodies[r.region.id] ?? ''} />
                  </label>
                ))}
                <div className="row">
                  <button type="submit">{t ? 'Save translation' : 'Add translation'}</button>
                </div>
              </ActionForm>
            ) : null}
          </div>
        );
      })}
    </details>
  );
}
