import type { NoticeKind } from '@/lib/generated/postgresql/enums';
import { DATA_STATES, type DataState } from '@/lib/domain/status';
import type { MessageKey } from '@/lib/i18n/catalogs';
import { DEFAULT_LANG, type Lang } from '@/lib/i18n/languages';
import { t } from '@/lib/i18n/t';
import { NOTICE_VARIABLES } from './variables';

// Candor's default voice for each kind of notice, in every language. Where the news depends on what happened to the
// reader's data (apology, data loss, recovery, resolved), the default branches on the region's data
// state. A NoticeTemplate row (kind + region slug, or kind alone) replaces it for every state.

export interface NoticeCopy {
  subject: string;
  body: string;
}

export const NOTICE_KINDS: NoticeKind[] = ['initial', 'update', 'apology', 'data_loss', 'recovery', 'resolved', 'maintenance'];

export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  initial: 'First notice',
  update: 'Update',
  apology: 'Apology',
  data_loss: 'Data loss',
  recovery: 'Recovery',
  resolved: 'Resolved',
  maintenance: 'Maintenance',
};

// The words themselves live in the catalogs (locales/*.json, keys notice.default.*), in ICU
// MessageFormat with the template variables as arguments; they are turned into {{variable}} text,
// the form staff edit, by formatting each argument as its own placeholder.

interface CopyKeys {
  subject: MessageKey;
  body: MessageKey;
}
type Voice = CopyKeys | Record<DataState, CopyKeys>;

const WHERE_DATA_STANDS: MessageKey = 'notice.default.whereDataStands.body';

const DEFAULTS: Record<NoticeKind, Voice> = {
  initial: { subject: 'notice.default.initial.subject', body: 'notice.default.initial.body' },
  update: { subject: 'notice.default.update.subject', body: 'notice.default.update.body' },
  apology: {
    intact: { subject: 'notice.default.apology.intact.subject', body: 'notice.default.apology.intact.body' },
    at_risk: { subject: 'notice.default.apology.at_risk.subject', body: 'notice.default.apology.at_risk.body' },
    lost: { subject: 'notice.default.apology.lost.subject', body: 'notice.default.apology.lost.body' },
    recovering: { subject: 'notice.default.apology.recovering.subject', body: 'notice.default.apology.recovering.body' },
    restored: { subject: 'notice.default.apology.restored.subject', body: 'notice.default.apology.restored.body' },
  },
  data_loss: {
    ...byState({ subject: 'notice.default.data_loss.other.subject', body: WHERE_DATA_STANDS }),
    lost: { subject: 'notice.default.data_loss.lost.subject', body: 'notice.default.data_loss.lost.body' },
  },
  recovery: {
    ...byState({ subject: 'notice.default.recovery.other.subject', body: WHERE_DATA_STANDS }),
    recovering: { subject: 'notice.default.recovery.recovering.subject', body: 'notice.default.recovery.recovering.body' },
    restored: { subject: 'notice.default.recovery.restored.subject', body: 'notice.default.recovery.restored.body' },
  },
  resolved: {
    intact: { subject: 'notice.default.resolved.intact.subject', body: 'notice.default.resolved.intact.body' },
    at_risk: { subject: 'notice.default.resolved.at_risk.subject', body: 'notice.default.resolved.at_risk.body' },
    lost: { subject: 'notice.default.resolved.lost.subject', body: 'notice.default.resolved.lost.body' },
    recovering: { subject: 'notice.default.resolved.recovering.subject', body: 'notice.default.resolved.recovering.body' },
    restored: { subject: 'notice.default.resolved.restored.subject', body: 'notice.default.resolved.restored.body' },
  },
  maintenance: { subject: 'notice.default.maintenance.subject', body: 'notice.default.maintenance.body' },
};

/** Every variable as its own {{placeholder}}: formatting a default with these gives the text staff edit. */
const PLACEHOLDERS = Object.fromEntries(NOTICE_VARIABLES.map((v) => [v, `{{${v}}}`]));

const copies = new Map<string, NoticeCopy>();
function copyOf(keys: CopyKeys, lang: Lang): NoticeCopy {
  const id = `${lang}|${keys.subject}|${keys.body}`;
  let copy = copies.get(id);
  if (!copy) {
    copy = { subject: t(lang, keys.subject, PLACEHOLDERS), body: t(lang, keys.body, PLACEHOLDERS) };
    copies.set(id, copy);
  }
  return copy;
}

function byState(copy: CopyKeys): Record<DataState, CopyKeys> {
  return Object.fromEntries(DATA_STATES.map((s) => [s, copy])) as Record<DataState, CopyKeys>;
}

const isCopy = (v: Voice): v is CopyKeys => typeof (v as CopyKeys).subject === 'string';

/** Whether the default for this kind says different things for different data states. */
export const branchesOnData = (kind: NoticeKind): boolean => !isCopy(DEFAULTS[kind]);

/** The default voice for a kind, for a region whose worst data state (among the notice's services) is `state`. */
export function defaultNoticeCopy(kind: NoticeKind, state: DataState | null, lang: Lang = DEFAULT_LANG): NoticeCopy {
  const voice = DEFAULTS[kind];
  return copyOf(isCopy(voice) ? voice : voice[state ?? 'intact'], lang);
}

/** Every default text of a kind with the data states it is used for (for the console and the API). */
export function defaultVariants(kind: NoticeKind, lang: Lang = DEFAULT_LANG): { dataStates: DataState[]; copy: NoticeCopy }[] {
  const voice = DEFAULTS[kind];
  if (isCopy(voice)) return [{ dataStates: [...DATA_STATES], copy: copyOf(voice, lang) }];
  const out: { dataStates: DataState[]; copy: NoticeCopy }[] = [];
  for (const s of DATA_STATES) {
    const copy = copyOf(voice[s], lang);
    const same = out.find((v) => v.copy === copy);
    if (same) same.dataStates.push(s);
    else out.push({ dataStates: [s], copy });
  }
  return out;
}
