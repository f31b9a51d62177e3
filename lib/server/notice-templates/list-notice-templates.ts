import type { NoticeKind } from '@/lib/generated/postgresql/enums';
import type { DataState } from '@/lib/domain/status';
import { NOTICE_KINDS, NOTICE_KIND_LABELS, branchesOnData, defaultVariants, type NoticeCopy } from '@/lib/mail/templates/notice-defaults';
import { DEFAULT_LANG, LANGUAGES, regionLang, type Lang } from '@/lib/i18n/languages';
import { assertRole } from '../auth/assert-role';
import type { Actor } from '../actor';
import { db } from '../db';
import type { TemplateScope } from './schemas';

export interface ScopeRegion {
  slug: string;
  name: string;
  carrier: string;
  product: string;
}

/** One kind × region × language: what is stored there, and what a notice there reads when nothing is. */
export interface TemplateScopeView {
  kind: NoticeKind;
  /** null: the template for every carrier. */
  region: ScopeRegion | null;
  lang: Lang;
  /** The language the region speaks by default (English for all carriers). */
  regionLang: Lang;
  stored: { subject: string; body: string; updatedAt: Date } | null;
  /** What a notice for this scope uses: its own template, the template for all carriers, or Candor's default. */
  uses: 'own' | 'all' | 'default';
}

export interface KindTemplates {
  kind: NoticeKind;
  label: string;
  /** Candor's default says different things for different data states. */
  branchesOnData: boolean;
  /** Candor's defaults in each language. */
  defaults: Record<Lang, { dataStates: DataState[]; copy: NoticeCopy }[]>;
  /** Per scope (all carriers, then each region), one view per language, the region's own language first. */
  scopes: TemplateScopeView[][];
}

type Row = { kind: NoticeKind; regionSlug: string | null; lang: string; subject: string; body: string; updatedAt: Date };
type RegionRow = ScopeRegion & { locale: string };

function scopeView(kind: NoticeKind, region: RegionRow | null, lang: Lang, rows: readonly Row[]): TemplateScopeView {
  const own = rows.find((r) => r.kind === kind && r.regionSlug === (region?.slug ?? null) && r.lang === lang);
  const all = rows.find((r) => r.kind === kind && r.regionSlug === null && r.lang === lang);
  const scopeRegion = region ? { slug: region.slug, name: region.name, carrier: region.carrier, product: region.product } : null;
  return { kind, region: scopeRegion, lang, regionLang: region ? regionLang(region.locale) : DEFAULT_LANG, stored: own ? { subject: own.subject, body: own.body, updatedAt: own.updatedAt } : null, uses: own ? 'own' : all ? 'all' : 'default' };
}

/** The scope's languages, its region's own first. */
const langsFor = (region: RegionRow | null): Lang[] => {
  const first = region ? regionLang(region.locale) : DEFAULT_LANG;
  return [first, ...LANGUAGES.filter((l) => l !== first)];
};

const defaultsByLang = (kind: NoticeKind) => Object.fromEntries(LANGUAGES.map((l) => [l, defaultVariants(kind, l)])) as KindTemplates['defaults'];

const regionFields = { slug: true, name: true, carrier: true, product: true, locale: true } as const;

/** Every notice kind with its defaults and, per scope (all carriers, then each region in page order), what is stored. */
export async function listNoticeTemplates({ actor }: { actor: Actor }): Promise<KindTemplates[]> {
  assertRole(actor, 'viewer');
  const [rows, regions] = await Promise.all([db().noticeTemplate.findMany({ orderBy: { updatedAt: 'asc' } }), db().region.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }], select: regionFields })]);
  return NOTICE_KINDS.map((kind) => ({
    kind,
    label: NOTICE_KIND_LABELS[kind],
    branchesOnData: branchesOnData(kind),
    defaults: defaultsByLang(kind),
    scopes: [null, ...regions].map((r) => langsFor(r).map((lang) => scopeView(kind, r, lang, rows))),
  }));
}

/** One scope in one language, with the kind's defaults in that language beside it (for the edit page and GET …/{kind}/{region}). */
export async function getNoticeTemplate({ actor, scope }: { actor: Actor; scope: TemplateScope }): Promise<{ template: TemplateScopeView; defaults: NoticeDefaults }> {
  assertRole(actor, 'viewer');
  const rows = await db().noticeTemplate.findMany({ where: { kind: scope.kind, lang: scope.lang, OR: [{ regionSlug: null }, ...(scope.regionSlug ? [{ regionSlug: scope.regionSlug }] : [])] }, orderBy: { updatedAt: 'asc' } });
  const region = scope.regionSlug ? await db().region.findUniqueOrThrow({ where: { slug: scope.regionSlug }, select: regionFields }) : null;
  return { template: scopeView(scope.kind, region, scope.lang, rows), defaults: defaultVariants(scope.kind, scope.lang) };
}

export type NoticeDefaults = { dataStates: DataState[]; copy: NoticeCopy }[];
