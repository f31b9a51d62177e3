import type { NoticeKind } from '@/lib/generated/postgresql/enums';
import { DATA_STATES, type DataState } from '@/lib/domain/status';

// Candor's default voice for each kind of notice. Where the news depends on what happened to the
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

const WHO = '{{product}} customers on {{carrier}} in {{region}}';
const KEEP_ON = 'Please do not reset or power off your {{product}}: data still on the device may be the best copy.';
const EVERY = 'To every {{product}} customer on {{carrier}} in {{region}}';
const SORRY = `${EVERY}: we are sorry. Since {{started_at_local}} you have not been able to rely on {{services}}, and that is our failure, not yours.`;
const RESOLVED = `The problem with {{services}} for ${WHO} was resolved at {{resolved_at_local}}.`;
const STILL_WRONG = 'If anything still looks wrong on your {{product}}, contact {{support_contact}}.';

/** For a state a kind has no words of its own for: says where the data stands, nothing more. */
const whereDataStands = (title: string): NoticeCopy => ({
  subject: `${title}: your {{product}} data is {{data_state}}`,
  body: `Here is where your data stands after the problem that began at {{started_at_local}} for ${WHO}: {{data_services}} data is {{data_state}}. Each service is listed below.`,
});

type Voice = NoticeCopy | Record<DataState, NoticeCopy>;

const DEFAULTS: Record<NoticeKind, Voice> = {
  initial: {
    subject: '{{product}} service problem: {{incident_title}}',
    body: `We are investigating a problem with {{services}} for ${WHO}. It began at {{started_at_local}}.

We will write again as soon as we know more. The status page always has the latest news.`,
  },
  update: {
    subject: 'Update on {{incident_title}} ({{product}})',
    body: `Here is the latest on the problem affecting {{services}} for {{product}} customers on {{carrier}}, as of {{updated_at_local}}.`,
  },
  apology: {
    intact: {
      subject: 'We are sorry: {{incident_title}} (your {{product}} data is intact)',
      body: `${SORRY}

Your data is intact: nothing stored was lost. We are working on this day and night and will keep you informed until it is fully behind us.`,
    },
    at_risk: {
      subject: 'We are sorry: your {{product}} data is at risk',
      body: `${SORRY}

Your {{data_services}} data is at risk: nothing is lost yet, but we cannot yet promise it is safe. ${KEEP_ON} We will tell you as soon as we know more.`,
    },
    lost: {
      subject: 'We are sorry: your {{product}} data is likely lost',
      body: `${EVERY}: we are sorry. Your {{data_services}} data is likely lost, and we do not expect to get it back. That is our failure, not yours.

${KEEP_ON} We have not stopped trying, and we will tell you plainly what, if anything, we recover.`,
    },
    recovering: {
      subject: 'We are sorry: your {{product}} data is being recovered',
      body: `${SORRY}

Your {{data_services}} data is being recovered and is returning to devices now. Leave your {{product}} switched on and connected while it syncs.`,
    },
    restored: {
      subject: 'We are sorry: {{incident_title}} (your {{product}} data is restored)',
      body: `${SORRY}

Your {{data_services}} data is restored. ${STILL_WRONG}`,
    },
  },
  data_loss: {
    ...byState(whereDataStands('Important')),
    lost: {
      subject: 'Important: your {{product}} data is likely lost',
      body: `We have to tell you something difficult. During the service problem that began at {{started_at_local}}, {{data_services}} data stored for ${WHO} could not be read back. It is likely lost, and we do not expect to get it back. About {{affected_users}} customers are affected.

${KEEP_ON} We have not stopped trying to recover every record, and we will tell you plainly what we recover.`,
    },
  },
  recovery: {
    ...byState(whereDataStands('Recovery')),
    recovering: {
      subject: 'Your {{product}} data is being recovered',
      body: `Good news: {{data_services}} data for ${WHO} is being recovered, and it is returning to devices now.

Leave your {{product}} switched on and connected; restored records appear as it syncs. If something is still missing after a day, contact {{support_contact}}.`,
    },
    restored: {
      subject: 'Your {{product}} data is restored',
      body: `Good news: {{data_services}} data for ${WHO} is restored. What we recovered is back on our servers and returns to your {{product}} as it syncs.

If something is still missing after a day, contact {{support_contact}}.`,
    },
  },
  resolved: {
    intact: {
      subject: 'Resolved: {{incident_title}} (your {{product}} data is intact)',
      body: `${RESOLVED} Your data is intact: nothing stored was lost.

Thank you for your patience. ${STILL_WRONG}`,
    },
    at_risk: {
      subject: 'Resolved: {{incident_title}} (your {{product}} data is still at risk)',
      body: `${RESOLVED} Your {{data_services}} data is still at risk: nothing is lost yet, but we are still checking it, and we will write again when we know it is safe.

${KEEP_ON}`,
    },
    lost: {
      subject: 'Resolved: {{incident_title}}, but your {{product}} data is likely lost',
      body: `${RESOLVED} Your {{product}} works again, but your {{data_services}} data is likely lost, and we do not expect to get it back.

We are sorry: we lost something that was yours. To ask what was lost, or for help with anything else, contact {{support_contact}}.`,
    },
    recovering: {
      subject: 'Resolved: {{incident_title}} (your {{product}} data is still being recovered)',
      body: `${RESOLVED} Your {{data_services}} data is still being recovered: leave your {{product}} switched on and connected while it syncs. We will write again when recovery is complete.`,
    },
    restored: {
      subject: 'Resolved: {{incident_title}} (your {{product}} data is restored)',
      body: `${RESOLVED} Your {{data_services}} data is restored.

Thank you for your patience. ${STILL_WRONG}`,
    },
  },
  maintenance: {
    subject: 'Planned maintenance: {{incident_title}}',
    body: `We will be doing planned maintenance on {{services}} for ${WHO}, from {{started_at_local}} to {{ends_at_local}}. Your {{product}} may not sync during that time; nothing on it will be lost.`,
  },
};

function byState(copy: NoticeCopy): Record<DataState, NoticeCopy> {
  return Object.fromEntries(DATA_STATES.map((s) => [s, copy])) as Record<DataState, NoticeCopy>;
}

const isCopy = (v: Voice): v is NoticeCopy => typeof (v as NoticeCopy).subject === 'string';

/** Whether the default for this kind says different things for different data states. */
export const branchesOnData = (kind: NoticeKind): boolean => !isCopy(DEFAULTS[kind]);

/** The default voice for a kind, for a region whose worst data state (among the notice's services) is `state`. */
export function defaultNoticeCopy(kind: NoticeKind, state: DataState | null): NoticeCopy {
  const voice = DEFAULTS[kind];
  return isCopy(voice) ? voice : voice[state ?? 'intact'];
}

/** Every default text of a kind with the data states it is used for (for the console and the API). */
export function defaultVariants(kind: NoticeKind): { dataStates: DataState[]; copy: NoticeCopy }[] {
  const voice = DEFAULTS[kind];
  if (isCopy(voice)) return [{ dataStates: [...DATA_STATES], copy: voice }];
  const out: { dataStates: DataState[]; copy: NoticeCopy }[] = [];
  for (const s of DATA_STATES) {
    const same = out.find((v) => v.copy === voice[s]);
    if (same) same.dataStates.push(s);
    else out.push({ dataStates: [s], copy: voice[s] });
  }
  return out;
}
