import { translated } from '@/lib/domain/translations';
import type { Lang } from '@/lib/i18n/languages';
import type { Derived, DerivedIncident } from './derive';
import type { PublicModel } from './model';

// Staff-typed text (the page's name, logo text and footer, group and component names and
// descriptions, incident titles and postmortems) in one language: its translation where staff wrote
// one, else the original. Every language variant of the public pages, feeds and calendar reads
// through this; /api/v2 keeps the originals.

export function localizeModel(model: PublicModel, lang: Lang): PublicModel {
  const { page } = model;
  return {
    ...model,
    page: { ...page, name: translated(page, 'name', lang), logoText: translated(page, 'logoText', lang), footerText: translated(page, 'footerText', lang) },
    groups: model.groups.map((g) => ({ ...g, name: translated(g, 'name', lang), description: translated(g, 'description', lang) })),
    components: model.components.map((c) => ({ ...c, name: translated(c, 'name', lang), description: translated(c, 'description', lang) })),
  };
}

const localizeIncident = <I extends DerivedIncident>(i: I, lang: Lang): I => ({ ...i, title: translated(i, 'name', lang, i.title), postmortemBody: translated(i, 'postmortem', lang, i.postmortemBody) });

/** The derived facts with the model and incidents in `lang` (statuses, rollups and uptime are the same in every language). */
export function localizeDerived(d: Derived, lang: Lang): Derived {
  const incidents = d.incidents.map((i) => localizeIncident(i, lang));
  return { ...d, model: { ...localizeModel(d.model, lang), incidents }, incidents, byId: new Map(incidents.map((i) => [i.id, i])) };
}
