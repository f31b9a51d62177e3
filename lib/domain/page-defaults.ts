// What a status page is called and coloured until staff set their own: the same values as
// PageSettings' column defaults in prisma/schema.prisma (tests/unit/page-defaults.test.ts checks).

export const DEFAULT_PAGE_NAME = 'Candor status';
export const DEFAULT_BRAND_COLOR = '#1f4fd1';
