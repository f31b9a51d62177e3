import { LANGUAGE_NAMES, type OfferedLanguage } from '@/lib/i18n/languages';
import type { Translator } from '@/lib/i18n/t';

/**
 * The language notices are written in, preset to the page's. Each choice carries the locale its
 * dates use (a carrier's own, such as en-CA, where it offers that language). A plain select.
 * `eachCarrier` adds the choice stored as '': each carrier's notices in its own language.
 */
export function LanguageField({ tr, choices, value, eachCarrier = false }: { tr: Translator; choices: readonly OfferedLanguage[]; value: string; eachCarrier?: boolean }) {
  return (
    <label className="sub-field">
      <span>{tr.t('subscribe.language')}</span>
      <select name="locale" defaultValue={value}>
        {eachCarrier ? <option value="">{tr.t('subscribe.languageEachCarrier')}</option> : null}
        {choices.map((c) => (
          <option key={c.lang} value={c.locale} lang={c.lang}>
            {LANGUAGE_NAMES[c.lang]}
          </option>
        ))}
      </select>
    </label>
  );
}
