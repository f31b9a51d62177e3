import type { NoticeKind } from '@/lib/generated/postgresql/enums';
import type { DataState } from '@/lib/domain/status';
import { NOTICE_KINDS, NOTICE_KIND_LABELS, branchesOnData, defaultVariants, type NoticeCopy } from '@/lib/mail/templates/notice-defaults';
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

/** One kind × region: what is stored there, and what a notice there reads when nothing is. */
export interface TemplateScopeView {
  kind: NoticeKind;
  /** null: the template for every carrier. */
  region: ScopeRegion | null;
  stored: { subject: string; body: string; updatedAt: Date } | null;
  /** What a notice for this scope uses: its own template, the template for all carriers, or Candor's default. */
  uses: 'own' | 'all' | 'default';
}

export interface KindTemplates {
  kind: NoticeKind;
  label: string;
  /** Candor's default says different things for different data states. */
  branchesOnData: boolean;
  defaults: { dataStates: DataState[]; copy: NoticeCopy }[];
  scopes: TemplateScopeView[];
}

type Row = { kind: NoticeKind; regionSlug: string | null; subject: string; body: string; updatedAt: Date };

function scopeView(kind: NoticeKind, region: ScopeRegion | null, rows: readonly Row[]): TemplateScopeView {
  const own = rows.find((r) => r.kind === kind && r.regionSlug === (region?.slug ?? null));
  const all = rows.find((r) => r.kind === kind && r.regionSlug === null);
  return { kind, region, stored: own ? { subject: own.subject, body: own.body, updatedAt: own.updatedAt } : null, uses: own ? 'own' : all ? 'all' : 'default' };
}

const regionFields = { slug: true, name: true, carrier: true, product: true } as const;

/** Every notice kind with its defaults and, per scope (all carriers, then each region in page order), what is stored. */
export async function listNoticeTemplates({ actor }: { actor: Actor }): Promise<KindTemplates[]> {
  assertRole(actor, 'viewer');
  const [rows, regions] = await Promise.all([db().noticeTemplate.findMany({ orderBy: { updatedAt: 'asc' } }), db().region.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }], select: regionFields })]);
  return NOTICE_KINDS.map((kind) => ({
    kind,
    label: NOTICE_KIND_LABELS[kind],
    branchesOnData: branchesOnData(kind),
    defaults: defaultVariants(kind),
    scopes: [null, ...regions].map((r) => scopeView(kind, r, rows)),
  }));
}

/** One scope, with the kind's defaults beside it (for the edit page and GET …/{kind}/{region}). */
export async function getNoticeTemplate({ actor, scope }: { actor: Actor; scope: TemplateScope }): Promise<{ template: TemplateScopeView; defaults: KindTemplates['defaults'] }> {
  assertRole(actor, 'viewer');
  const rows = await db().noticeTemplate.findMany({ where: { kind: scope.kind, OR: [{ regionSlug: null }, ...(scope.regionSlug ? [{ regionSlug: scope.regionSlug }] : [])] }, orderBy: { updatedAt: 'asc' } });
  const region = scope.regionSlug ? await db().region.findUniqueOrThrow({ where: { slug: scope.regionSlug }, select: regionFields }) : null;
  return { template: scopeView(scope.kind, region, rows), defaults: defaultVariants(scope.kind) };
}
