import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { CATALOGS } from '@/lib/i18n/catalogs';
import { LANGUAGES } from '@/lib/i18n/languages';

// The completeness check: every catalog has exactly English's keys, every key is used somewhere in
// the source (as a literal string, which is how keys must be written), and every message parses and
// formats with the values English's message takes.

const ROOT = join(import.meta.dirname, '..', '..');
const SOURCE_DIRS = ['app', 'lib', 'bin', 'scripts'];
const catalogFiles = readdirSync(join(ROOT, 'locales')).filter((f) => f.endsWith('.json'));

function sourceText(): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|tsx|mjs|js)$/.test(name)) out.push(readFileSync(path, 'utf8'));
    }
  };
  for (const d of SOURCE_DIRS) walk(join(ROOT, d));
  return out.join('\n');
}

interface Arg {
  name: string;
  numeric: boolean;
}
type AstNode = { type: number; value?: unknown; options?: Record<string, { value: AstNode[] }>; children?: AstNode[] };
/** The arguments a message takes, from its parsed form (numeric when used as a number or plural). */
function argsOf(source: string, locale: string): Arg[] {
  const args = new Map<string, boolean>();
  const walk = (nodes: AstNode[]) => {
    for (const n of nodes) {
      // 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural (intl-messageformat's TYPE enum).
      if (n.type >= 1 && n.type <= 6 && typeof n.value === 'string') args.set(n.value, (args.get(n.value) ?? false) || n.type === 2 || n.type === 6);
      if (n.options) for (const o of Object.values(n.options)) walk(o.value);
      if (n.children) walk(n.children);
    }
  };
  walk(new IntlMessageFormat(source, locale, undefined, { ignoreTag: true }).getAst() as unknown as AstNode[]);
  return [...args].map(([name, numeric]) => ({ name, numeric }));
}

describe('translation catalogs', () => {
  const en = CATALOGS.en;
  const keys = Object.keys(en);

  it('ship one file per language, each loaded', () => {
    expect(catalogFiles.sort()).toEqual(LANGUAGES.map((l) => `${l}.json`).sort());
    for (const l of LANGUAGES) expect(JSON.parse(readFileSync(join(ROOT, 'locales', `${l}.json`), 'utf8'))).toEqual(CATALOGS[l]);
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every key English has and none it lacks', (lang) => {
    const other = Object.keys(CATALOGS[lang]);
    expect(keys.filter((k) => !other.includes(k)), 'missing').toEqual([]);
    expect(other.filter((k) => !keys.includes(k)), 'unknown').toEqual([]);
  });

  it('uses every key somewhere in the source', () => {
    const text = sourceText();
    const unused = keys.filter((k) => !text.includes(`'${k}'`) && !text.includes(`"${k}"`));
    expect(unused).toEqual([]);
    // The scan can fail: a made-up key is not found.
    expect(text.includes(`'layout.noSuchKey'`)).toBe(false);
  });

  it.each(LANGUAGES)('every %s message parses and formats with the values English takes', (lang) => {
    for (const key of keys) {
      const source = CATALOGS[lang][key]!;
      const english = argsOf(en[key]!, 'en');
      const own = argsOf(source, lang);
      expect(own.map((a) => a.name).filter((n) => !english.some((e) => e.name === n)), `${lang} ${key} takes values English does not give`).toEqual([]);
      const values = Object.fromEntries(english.map((a) => [a.name, a.numeric ? 2 : `<${a.name}>`]));
      const out = new IntlMessageFormat(source, lang, undefined, { ignoreTag: true }).format(values);
      expect(typeof out, `${lang} ${key}`).toBe('string');
      expect(String(out).trim().length, `${lang} ${key} is empty`).toBeGreaterThan(0);
    }
  });

  it('keeps translations apart from English (no English message copied untranslated where English words are)', () => {
    // Words the same in all three (Service, Widget, Status) are fine; long sentences copied are not.
    for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
      const words = (m: string) => m.replace(/\{[^{}]*\}/g, ' ').split(/\s+/).filter(Boolean).length;
      const copied = keys.filter((k) => CATALOGS[lang][k] === en[k] && words(en[k]!) > 2);
      expect(copied, `${lang} copies English`).toEqual([]);
    }
  });
});
