import type { Translation } from '@/lib/domain/update-text';
import type { Translations } from '@/lib/domain/translations';
import type { ComponentStatus, ImpactCell, IncidentImpactLevel, IncidentStatus } from '@/lib/domain/status';

// Everything the public may see, read from the database in one go, as plain JSON-safe data.
// Times are ISO strings in UTC. Only published updates are in it. `translations` hold staff-typed text
// in other languages (lib/domain/translations.ts; absent in snapshot files saved before them).

export interface PublicPage {
  id: string;
  name: string;
  url: string;
  timeZone: string;
  supportUrl: string | null;
  brandColor: string;
  logoText: string | null;
  footerText: string | null;
  translations?: Translations;
  updatedAt: string;
}
export interface PublicGroup {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  translations?: Translations;
  position: number;
  createdAt: string;
  updatedAt: string;
}
export interface PublicComponent {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  translations?: Translations;
  groupId: string | null;
  position: number;
  status: ComponentStatus;
  dataKind: string | null;
  showcase: boolean;
  onlyShowIfDegraded: boolean;
  startDate: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface PublicRegion {
  id: string;
  slug: string;
  name: string;
  carrier: string;
  product: string;
  market: string;
  locale: string;
  /** The languages its pages are offered in (comma list; empty: every language). */
  languages: string;
  timeZone: string;
  estimatedUsers: number;
  accentColor: string;
  supportUrl: string | null;
  position: number;
}
export type PublicImpact = ImpactCell;
export interface PublicUpdate {
  id: string;
  status: IncidentStatus;
  /** The main text, read where a region has no text of its own. */
  body: string;
  /** Texts per region id (non-empty only). */
  bodies: Record<string, string>;
  /** The language it is written in, and its translations (absent in snapshots saved before languages: English, none). */
  lang?: string;
  translations?: Translation[];
  /** When the next update is promised, if this update promised one. */
  nextUpdateAt: string | null;
  displayAt: string;
  createdAt: string;
  updatedAt: string;
  deliverNotifications: boolean;
  impacts: PublicImpact[];
}
export interface PublicIncident {
  id: string;
  title: string;
  kind: 'outage' | 'degradation' | 'data_loss' | 'maintenance';
  status: IncidentStatus;
  impact: IncidentImpactLevel;
  startedAt: string;
  identifiedAt: string | null;
  monitoringAt: string | null;
  resolvedAt: string | null;
  scheduledFor: string | null;
  scheduledUntil: string | null;
  autoTransition: boolean;
  postmortemBody: string | null;
  postmortemPublishedAt: string | null;
  /** Its title (`name`) and published postmortem (`postmortem`) in other languages. */
  translations?: Translations;
  createdAt: string;
  updatedAt: string;
  impacts: PublicImpact[];
  /** Published updates, oldest first by displayAt. */
  updates: PublicUpdate[];
}
export interface PublicModel {
  page: PublicPage;
  groups: PublicGroup[];
  components: PublicComponent[];
  regions: PublicRegion[];
  incidents: PublicIncident[];
  /** When this model was read from the database. */
  loadedAt: string;
}
