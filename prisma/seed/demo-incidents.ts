// The Sidekick demo scenario, part 2: the data-loss week, a planned maintenance and 90 days of
// smaller history. Every time is computed from `now`, so the demo always looks current.
// Each update lists the impacts it set; the loader folds them into the incident's current impact.
import { demoRegions } from './demo-catalogue';
import type { ComponentStatus, DataState, IncidentImpactLevel, IncidentKind, IncidentStatus } from '@/lib/generated/postgresql/enums';

export interface DemoImpact {
  component: string;
  region: string;
  status: ComponentStatus;
  dataState: DataState;
  affectedUsers: number;
  restoredUsers: number;
}

export interface DemoUpdate {
  status: IncidentStatus;
  /** The main text: read by every affected carrier without a text of its own, so it names none. */
  body: string;
  /** Each carrier's own text, by region slug. */
  bodies?: Record<string, string>;
  /** The promised time of the next update. */
  nextUpdateAt?: Date;
  authorName: string;
  displayAt: Date;
  deliverNotifications: boolean;
  /** Set on updates that declared data lost: a second staff member signed them off. */
  approvedAt?: Date;
  /** The main text translated, by language (the update is written in English). */
  translations?: Partial<Record<'fr-CA' | 'de-DE', string>>;
  impacts: DemoImpact[];
}

export interface DemoIncident {
  id: string;
  title: string;
  kind: IncidentKind;
  impact: IncidentImpactLevel;
  startedAt: Date;
  scheduledFor?: Date;
  scheduledUntil?: Date;
  remindBeforeMinutes?: number;
  postmortemBody?: string;
  /** The title (and postmortem) in other languages, as staff would type them in the console. */
  translations?: { name?: DemoTexts; postmortem?: DemoTexts };
  updates: DemoUpdate[];
}

/** A text in the languages besides English that the demo's carriers read. */
export type DemoTexts = Partial<Record<'fr-CA' | 'de-DE', string>>;

const OPS = 'Dana Whitfield, Danger operations';
const CARE = 'Sam Okafor, customer care';
const NOC = 'Network operations centre';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Cell = Omit<DemoImpact, 'component' | 'region'>;
/** The same impact on several components in one region. */
function each(region: string, components: string[], cell: Cell): DemoImpact[] {
  return components.map((component) => ({ component, region, ...cell }));
}
const cell = (status: ComponentStatus, dataState: DataState, affectedUsers = 0, restoredUsers = 0): Cell => ({ status, dataState, affectedUsers, restoredUsers });

const DATA = ['contacts', 'calendar', 'todo', 'photos'];
/** Planned work and service-wide slowdowns reach every carrier's customers. */
const EVERY_REGION = demoRegions.map((r) => r.slug);
const AFFECTED = ['tmobile-us', 'telstra-au'];

/** Ids are fixed so that loading the demo again replaces these incidents instead of adding more. */
export const DEMO_INCIDENT_IDS = [
  'demo-sidekick-data-loss',
  'demo-maintenance-storage',
  'demo-history-photo-uploads',
  'demo-history-hiptop-messaging',
  'demo-history-calendar-upgrade',
  'demo-history-portal-sign-in',
  'demo-history-contacts-delay',
  'demo-history-im-disconnects',
] as const;

export function demoIncidents(now: Date): DemoIncident[] {
  // Whole minutes read better on a timeline than the seconds at which the demo was loaded.
  const t = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const ago = (days: number, hours = 0, minutes = 0) => new Date(t - days * DAY - hours * HOUR - minutes * MINUTE);
  // Planned work starts on a whole hour, three days out.
  const maintenanceStart = new Date(Math.ceil((t + 3 * DAY) / HOUR) * HOUR);

  const main: DemoIncident = {
    id: 'demo-sidekick-data-loss',
    title: 'Data service outage: contacts, calendars, to-do lists and photos lost for many customers',
    translations: { name: { 'de-DE': 'Ausfall des Datendienstes: Kontakte, Kalender, Aufgabenlisten und Fotos vieler Kunden verloren', 'fr-CA': 'Panne du service de données : contacts, calendriers, listes de tâches et photos perdus pour de nombreux clients' } },
    kind: 'data_loss',
    impact: 'critical',
    startedAt: ago(5, 3),
    updates: [
      {
        status: 'investigating',
        authorName: NOC,
        displayAt: ago(5, 2, 40),
        deliverNotifications: true,
        body: `**We are investigating a service outage.**

Devices cannot synchronise contacts, calendar, to-do items or photos with the service, and e-mail and instant messages are not arriving.

Until we know more, **please do not take the battery out, reset your device or let it run flat.** The copy of your data on the device may at this moment be the only current copy.`,
        nextUpdateAt: ago(5, 0, 40),
        impacts: [
          ...AFFECTED.flatMap((region) => {
            const users = region === 'tmobile-us' ? 1_000_000 : 40_000;
            return [
              ...each(region, DATA, cell('major_outage', 'at_risk', users)),
              ...each(region, ['messaging'], cell('major_outage', 'intact', users)),
              ...each(region, ['backup-restore'], cell('major_outage', 'intact', users)),
              ...each(region, ['web-portal'], cell('partial_outage', 'intact', users)),
            ];
          }),
        ],
      },
      {
        status: 'investigating',
        authorName: OPS,
        displayAt: ago(4, 21),
        deliverNotifications: false,
        body: `E-mail and instant messaging are coming back: messages are being delivered again, some several hours late.

Synchronising personal data is still unavailable. Keep your device switched on and charged.`,
        impacts: AFFECTED.flatMap((region) => each(region, ['messaging'], cell('partial_outage', 'intact', region === 'tmobile-us' ? 1_000_000 : 40_000))),
      },
      {
        status: 'identified',
        authorName: OPS,
        displayAt: ago(4, 6),
        deliverNotifications: true,
        body: `**We have found the cause.** The storage system that holds the service's copy of customer data failed while it was being upgraded, and the database on it was damaged.

Engineers are working with the storage vendor to bring the database back. Messaging is working normally again. Data on devices that have stayed switched on is not affected by this failure.`,
        impacts: AFFECTED.flatMap((region) => each(region, ['messaging'], cell('operational', 'intact'))),
      },
      {
        status: 'identified',
        authorName: CARE,
        displayAt: ago(3, 2),
        deliverNotifications: true,
        approvedAt: ago(3, 2, -5),
        body: `**Personal data is likely lost for many customers.** We are sorry.

What we have learned from the damaged system so far suggests that contacts, calendar entries, to-do items and photos held by the service for most accounts may not be recoverable from it.

- If your device still shows your data, **keep it switched on and do not reset it.** We will explain how to keep a copy as soon as it is safe to do so.
- If your device has already been reset, your data is not on it any more. We are still trying to rebuild data from older backups.

We will post here at least once a day until this is settled.`,
        translations: {
          'fr-CA': `**Les données personnelles de nombreux clients sont probablement perdues.** Nous en sommes désolés.

Ce que nous avons appris jusqu'ici du système endommagé donne à penser que, pour la plupart des comptes, les contacts, les entrées d'agenda, les tâches et les photos conservés par le service ne pourront peut-être pas en être récupérés.

- Si votre appareil affiche encore vos données, **laissez-le allumé et ne le réinitialisez pas.** Nous vous expliquerons comment en garder une copie dès que ce sera sans risque.
- Si votre appareil a déjà été réinitialisé, vos données ne s'y trouvent plus. Nous essayons encore de reconstituer les données à partir de sauvegardes plus anciennes.

Nous publierons une mise à jour ici au moins une fois par jour jusqu'à ce que la situation soit réglée.`,
          'de-DE': `**Persönliche Daten vieler Kundinnen und Kunden sind wahrscheinlich verloren.** Das tut uns leid.

Nach allem, was wir bisher aus dem beschädigten System erfahren haben, lassen sich Kontakte, Kalendereinträge, Aufgaben und Fotos, die der Dienst für die meisten Konten gespeichert hat, daraus möglicherweise nicht wiederherstellen.

- Wenn Ihr Gerät Ihre Daten noch anzeigt, **lassen Sie es eingeschaltet und setzen Sie es nicht zurück.** Wir erklären Ihnen, wie Sie eine Kopie sichern, sobald das gefahrlos möglich ist.
- Wenn Ihr Gerät bereits zurückgesetzt wurde, sind Ihre Daten nicht mehr darauf. Wir versuchen weiterhin, Daten aus älteren Sicherungen wiederherzustellen.

Wir melden uns hier mindestens einmal täglich, bis die Lage geklärt ist.`,
        },
        impacts: [
          ...each('tmobile-us', ['contacts', 'calendar', 'todo'], cell('major_outage', 'lost', 800_000)),
          ...each('tmobile-us', ['photos'], cell('major_outage', 'lost', 650_000)),
          ...each('telstra-au', ['contacts', 'calendar', 'todo'], cell('major_outage', 'lost', 33_000)),
          ...each('telstra-au', ['photos'], cell('major_outage', 'lost', 27_000)),
        ],
      },
      {
        status: 'identified',
        authorName: OPS,
        displayAt: ago(1, 4),
        deliverNotifications: true,
        body: `**Recovery has started for some customers.** Each carrier's status page says where your account stands.

To-do items and photos are still unavailable for everyone.`,
        bodies: {
          'tmobile-us': `**Recovery has started for your Sidekick.** We have rebuilt part of the contacts and calendar data from a backup that survived the failure, and it is returned to each device the next time it synchronises. About 240,000 customers have their contacts back so far.

To-do items and photos are still unavailable.`,
          'telstra-au': `**Recovery for Hiptop accounts has not started yet**, and we cannot give you a date today. Your contacts, calendar entries, to-do items and photos are still likely lost.

Please keep your Hiptop switched on and do not reset it: data still on the device may be the best copy.`,
        },
        impacts: [
          ...each('tmobile-us', ['contacts'], cell('partial_outage', 'recovering', 800_000, 240_000)),
          ...each('tmobile-us', ['calendar'], cell('partial_outage', 'recovering', 800_000, 180_000)),
        ],
      },
      {
        status: 'identified',
        authorName: OPS,
        displayAt: ago(0, 7),
        deliverNotifications: false,
        body: `Restoring continues for the customers whose recovery has started.`,
        bodies: {
          'tmobile-us': `Restoring continues: about 410,000 Sidekick customers now have their contacts back, and 305,000 their calendar.

Once your contacts are back on your device you can use it normally again, including switching it off.`,
          'telstra-au': `No change yet for Hiptop customers: recovery for your accounts has not started, and your data is still likely lost. We are still working on it, and we will tell you as soon as there is a date.`,
        },
        nextUpdateAt: ago(0, 7 - 24),
        impacts: [
          ...each('tmobile-us', ['contacts'], cell('partial_outage', 'recovering', 800_000, 410_000)),
          ...each('tmobile-us', ['calendar'], cell('partial_outage', 'recovering', 800_000, 305_000)),
        ],
      },
    ],
  };

  const maintenance: DemoIncident = {
    id: 'demo-maintenance-storage',
    title: 'Planned replacement of the sync storage hardware',
    translations: { name: { 'de-DE': 'Geplanter Austausch der Speicher-Hardware für die Synchronisierung', 'fr-CA': 'Remplacement planifié du matériel de stockage de la synchronisation' } },
    kind: 'maintenance',
    impact: 'minor',
    startedAt: maintenanceStart,
    scheduledFor: maintenanceStart,
    scheduledUntil: new Date(maintenanceStart.getTime() + 3 * HOUR),
    remindBeforeMinutes: 60,
    updates: [
      {
        status: 'scheduled',
        authorName: OPS,
        displayAt: ago(0, 5),
        deliverNotifications: true,
        body: `We will move the service onto new storage hardware. While the move runs, restoring a device from backup and the web portal will be unavailable for up to three hours. Sync on the device itself keeps working and catches up afterwards.`,
        // T-Mobile Germany's and Rogers' French-speaking customers read it in their language.
        translations: {
          'de-DE': `Wir ziehen den Dienst auf neue Speicher-Hardware um. Solange der Umzug läuft, sind die Wiederherstellung eines Geräts aus der Sicherung und das Webportal bis zu drei Stunden lang nicht erreichbar. Die Synchronisierung auf dem Gerät selbst läuft weiter und holt danach alles nach.`,
          'fr-CA': `Nous déplaçons le service vers du nouveau matériel de stockage. Pendant le déplacement, la restauration d’un appareil à partir de la sauvegarde et le portail Web seront indisponibles pendant au plus trois heures. La synchronisation sur l’appareil lui-même continue de fonctionner et rattrape son retard ensuite.`,
        },
        impacts: EVERY_REGION.flatMap((region) => each(region, ['backup-restore', 'web-portal'], cell('under_maintenance', 'intact'))),
      },
    ],
  };

  return [main, maintenance, ...history(ago)];
}

/** Smaller, resolved events spread over the last 90 days, each touching only some regions. */
function history(ago: (days: number, hours?: number, minutes?: number) => Date): DemoIncident[] {
  return [
    {
      id: 'demo-history-photo-uploads',
      title: 'Slow photo uploads',
    translations: { name: { 'de-DE': 'Langsames Hochladen von Fotos', 'fr-CA': 'Téléversement lent des photos' } },
      kind: 'degradation',
      impact: 'minor',
      startedAt: ago(12, 9),
      updates: [
        { status: 'investigating', authorName: NOC, displayAt: ago(12, 8, 50), deliverNotifications: false, body: 'Photos taken on Sidekick devices are taking several minutes to reach the online album. We are looking into it.', impacts: each('tmobile-us', ['photos'], cell('degraded_performance', 'intact', 120_000)) },
        { status: 'monitoring', authorName: NOC, displayAt: ago(12, 7, 30), deliverNotifications: false, body: 'We added capacity to the upload servers and uploads are back to normal speed. We are keeping an eye on it.', impacts: [] },
        { status: 'resolved', authorName: NOC, displayAt: ago(12, 6), deliverNotifications: false, body: 'Uploads have stayed at normal speed for ninety minutes. No photos were lost.', impacts: [] },
      ],
    },
    {
      id: 'demo-history-hiptop-messaging',
      title: 'Delayed e-mail and instant messages for Hiptop customers',
    translations: { name: { 'de-DE': 'Verspätete E-Mails und Sofortnachrichten für Hiptop-Kunden', 'fr-CA': 'Courriels et messages instantanés retardés pour les clients Hiptop' } },
      kind: 'outage',
      impact: 'major',
      startedAt: ago(27, 14),
      updates: [
        { status: 'investigating', authorName: NOC, displayAt: ago(27, 13, 45), deliverNotifications: true, body: 'Some Hiptop customers in Australia are receiving e-mail and instant messages late or not at all.', impacts: each('telstra-au', ['messaging'], cell('partial_outage', 'intact', 15_000)) },
        { status: 'identified', authorName: OPS, displayAt: ago(27, 12, 20), deliverNotifications: false, body: 'A link between our message servers and the carrier network is dropping traffic. The carrier is rerouting it.', impacts: [] },
        { status: 'resolved', authorName: OPS, displayAt: ago(27, 10), deliverNotifications: true, body: 'Traffic has been rerouted and the queue of delayed messages has been delivered. Nothing was lost.', impacts: [] },
      ],
    },
    {
      id: 'demo-history-calendar-upgrade',
      title: 'Calendar server upgrade',
    translations: { name: { 'de-DE': 'Aktualisierung der Kalenderserver', 'fr-CA': 'Mise à niveau des serveurs de calendrier' } },
      kind: 'maintenance',
      impact: 'minor',
      startedAt: ago(41, 6),
      scheduledFor: ago(41, 6),
      scheduledUntil: ago(41, 4),
      updates: [
        { status: 'scheduled', authorName: OPS, displayAt: ago(45), deliverNotifications: true, body: 'Calendar sync will pause for up to two hours while we upgrade the calendar servers. Changes made on the device during the work are kept and sync afterwards.', impacts: EVERY_REGION.flatMap((region) => each(region, ['calendar'], cell('under_maintenance', 'intact'))) },
        { status: 'in_progress', authorName: OPS, displayAt: ago(41, 6), deliverNotifications: false, body: 'The upgrade has started.', impacts: [] },
        { status: 'completed', authorName: OPS, displayAt: ago(41, 4, 25), deliverNotifications: false, body: 'The upgrade is finished and calendar sync has resumed.', impacts: [] },
      ],
    },
    {
      id: 'demo-history-portal-sign-in',
      title: 'Web portal sign-in failures',
    translations: { name: { 'de-DE': 'Anmeldefehler im Webportal', 'fr-CA': 'Échecs de connexion au portail Web' } },
      kind: 'outage',
      impact: 'minor',
      startedAt: ago(58, 20),
      updates: [
        { status: 'investigating', authorName: NOC, displayAt: ago(58, 19, 50), deliverNotifications: false, body: 'Some customers cannot sign in to the web portal. Devices are not affected.', impacts: [...each('tmobile-us', ['web-portal'], cell('partial_outage', 'intact', 50_000)), ...each('rogers-ca', ['web-portal'], cell('partial_outage', 'intact', 6_000))] },
        { status: 'resolved', authorName: NOC, displayAt: ago(58, 18, 40), deliverNotifications: false, body: 'An expired certificate on one of the sign-in servers was replaced. Sign-in works again.', impacts: [] },
      ],
    },
    {
      id: 'demo-history-contacts-delay',
      title: 'Contact changes slow to appear on devices',
    translations: { name: { 'de-DE': 'Kontaktänderungen erscheinen verzögert auf den Geräten', 'fr-CA': 'Modifications de contacts lentes à s’afficher sur les appareils' } },
      kind: 'degradation',
      impact: 'minor',
      startedAt: ago(76, 3),
      updates: [
        { status: 'investigating', authorName: NOC, displayAt: ago(76, 2, 55), deliverNotifications: false, body: 'Contacts edited on the web portal take up to an hour to appear on devices.', impacts: EVERY_REGION.flatMap((region) => each(region, ['contacts'], cell('degraded_performance', 'intact'))) },
        { status: 'monitoring', authorName: NOC, displayAt: ago(76, 1, 30), deliverNotifications: false, body: 'A stuck sync queue was restarted; changes are flowing again.', impacts: [] },
        { status: 'resolved', authorName: NOC, displayAt: ago(76, 0, 30), deliverNotifications: false, body: 'The backlog has cleared.', impacts: [] },
      ],
    },
    {
      id: 'demo-history-im-disconnects',
      title: 'Instant messaging disconnects',
    translations: { name: { 'de-DE': 'Verbindungsabbrüche bei Sofortnachrichten', 'fr-CA': 'Déconnexions de la messagerie instantanée' } },
      kind: 'outage',
      impact: 'major',
      startedAt: ago(88, 16),
      updates: [
        { status: 'investigating', authorName: NOC, displayAt: ago(88, 15, 50), deliverNotifications: true, body: 'Instant messaging sessions on Sidekick devices keep disconnecting.', impacts: each('tmobile-us', ['messaging'], cell('partial_outage', 'intact', 300_000)) },
        { status: 'identified', authorName: OPS, displayAt: ago(88, 14), deliverNotifications: false, body: 'A faulty load balancer is dropping long-lived connections; we are taking it out of service.', impacts: [] },
        { status: 'resolved', authorName: OPS, displayAt: ago(88, 12, 30), deliverNotifications: true, body: 'The faulty load balancer has been replaced and messaging sessions are stable.', impacts: [] },
      ],
    },
  ];
}
