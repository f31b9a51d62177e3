import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BRAND_COLOR, DEFAULT_PAGE_NAME } from '@/lib/domain/page-defaults';

// The code's fallbacks (no PageSettings row yet) and the column defaults (a row created empty) must agree.
describe('page defaults', () => {
  for (const schema of ['prisma/schema.prisma', 'prisma/sqlite/schema.prisma', 'prisma/postgresql/schema.prisma']) {
    it(`match PageSettings' column defaults in ${schema}`, () => {
      const model = /model PageSettings \{([\s\S]*?)\n\}/.exec(readFileSync(schema, 'utf8'))?.[1] ?? '';
      expect(model).toMatch(new RegExp(`\\n\\s*name\\s+String\\s+@default\\("${DEFAULT_PAGE_NAME}"\\)`));
      expect(model).toMatch(new RegExp(`\\n\\s*brandColor\\s+String\\s+@default\\("${DEFAULT_BRAND_COLOR}"\\)`));
    });
  }
});
