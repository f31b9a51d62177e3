import type { NoticeKind } from '@/lib/generated/postgresql/enums';

// Candor's default voice for each kind of notice. A NoticeTemplate row (kind + region slug, or
// kind alone) replaces the subject and body for one carrier or for everyone; nothing needs seeding.

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

export const DEFAULT_NOTICE_COPY: Record<NoticeKind, NoticeCopy> = {
  initial: {
    subject: '{{product}} service problem: {{incident_title}}',
    body: `We are investigating a problem with {{services}} for {{product}} customers on {{carrier}} in {{region}}. It began at {{started_at_local}}.

We will write again as soon as we know more. The status page always has the latest news.`,
  },
  update: {
    subject: 'Update on {{incident_title}} ({{product}})',
    body: `Here is the latest on the problem affecting {{services}} for {{product}} customers on {{carrier}}, as of {{updated_at_local}}.`,
  },
  apology: {
    subject: 'We are sorry: {{incident_title}}',
    body: `To every {{product}} customer on {{carrier}} in {{region}}: we are sorry. Since {{started_at_local}} you have not been able to rely on {{services}}, and that is our failure, not yours.

We are working on this day and night and will keep you informed until it is fully behind us.`,
  },
  data_loss: {
    subject: 'Important: some {{product}} data may have been lost',
    body: `We have to tell you something difficult. During the service problem that began at {{started_at_local}}, {{services}} stored for some {{product}} customers on {{carrier}} in {{region}} could not be read back. About {{affected_users}} customers are affected.

Please do not reset or power off your {{product}} while we work: data still on the device may be the best copy. We have not stopped trying to recover every record, and we will tell you what we recover.`,
  },
  recovery: {
    subject: 'Your {{product}} data is being restored',
    body: `Good news: we are recovering {{services}} data for {{product}} customers on {{carrier}} in {{region}}, and it is returning to devices now.

Leave your {{product}} switched on and connected; restored records appear as it syncs. If something is still missing after a day, contact {{support_contact}}.`,
  },
  resolved: {
    subject: 'Resolved: {{incident_title}}',
    body: `The problem with {{services}} for {{product}} customers on {{carrier}} in {{region}} was resolved at {{resolved_at_local}}.

Thank you for your patience. If anything still looks wrong on your {{product}}, contact {{support_contact}}.`,
  },
  maintenance: {
    subject: 'Planned maintenance: {{incident_title}}',
    body: `We will be doing planned maintenance on {{services}} for {{product}} customers on {{carrier}} in {{region}}, starting {{started_at_local}}. Your {{product}} may not sync during that time; nothing on it will be lost.`,
  },
};
