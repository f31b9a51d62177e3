import type { Component, ComponentGroup } from '@/lib/generated/postgresql/client';
import { readTranslations } from '@/lib/domain/translations';

/** The /api/v1 shape of a component (Statuspage field names where they exist). */
export function componentJson(c: Component & { group?: ComponentGroup | null }) {
  return {
    id: c.id,
    slug: c.slug,
    name: c.name,
    description: c.description,
    status: c.status,
    group_id: c.groupId,
    group: c.group ? c.group.slug : null,
    position: c.position,
    data_kind: c.dataKind,
    showcase: c.showcase,
    only_show_if_degraded: c.onlyShowIfDegraded,
    translations: readTranslations('component', c.translations),
    version: c.version,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}
