// The Sidekick demo scenario, part 1: the page, its services and its audiences.
// Fictional operator "Danger Cloud Services"; every address is on an example.* domain.

export const demoSettings = {
  name: 'Danger Cloud Services status',
  timeZone: 'America/Los_Angeles',
  supportEmail: 'support@example.com',
  supportUrl: 'https://support.example.com/sidekick',
  brandColor: '#24508f',
  logoText: 'Danger Cloud Services',
  footerText: 'Service status for Sidekick and Hiptop devices. Carrier support lines are listed on each region page.',
  mailFromName: 'Danger Cloud Services status',
  mailFromEmail: 'status@example.com',
  // The logo text is the operator's name, the same in every language.
  translations: {
    name: { 'de-DE': 'Danger Cloud Services – Dienststatus', 'fr-CA': 'Danger Cloud Services – État des services' },
    footerText: {
      'de-DE': 'Dienststatus für Sidekick- und Hiptop-Geräte. Die Support-Nummern der Mobilfunkanbieter stehen auf der Seite der jeweiligen Region.',
      'fr-CA': 'État des services pour les appareils Sidekick et Hiptop. Les numéros du soutien de chaque fournisseur figurent sur la page de sa région.',
    },
  },
} as const;

/** A field's text in the languages besides English that the demo's carriers read. */
export type DemoTranslations = Record<'name' | 'description', Partial<Record<'fr-CA' | 'de-DE', string>>>;

export interface DemoGroup {
  slug: string;
  name: string;
  description: string;
  position: number;
  translations: DemoTranslations;
}

export const demoGroups: DemoGroup[] = [
  { slug: 'personal-data', name: 'Personal data sync', description: 'The copies of your personal data kept by the service and synchronised to your device.', position: 0, translations: { name: { 'de-DE': 'Synchronisierung persönlicher Daten', 'fr-CA': 'Synchronisation des données personnelles' }, description: { 'de-DE': 'Die Kopien Ihrer persönlichen Daten, die der Dienst aufbewahrt und mit Ihrem Gerät synchronisiert.', 'fr-CA': 'Les copies de vos données personnelles conservées par le service et synchronisées avec votre appareil.' } } },
  { slug: 'communication', name: 'Communication', description: 'E-mail and instant messaging on the device.', position: 1, translations: { name: { 'de-DE': 'Kommunikation', 'fr-CA': 'Communication' }, description: { 'de-DE': 'E-Mail und Sofortnachrichten auf dem Gerät.', 'fr-CA': 'Courriel et messagerie instantanée sur l’appareil.' } } },
  { slug: 'account-tools', name: 'Account tools', description: 'Whole-device backup and the desktop web portal.', position: 2, translations: { name: { 'de-DE': 'Kontowerkzeuge', 'fr-CA': 'Outils du compte' }, description: { 'de-DE': 'Sicherung des ganzen Geräts und das Webportal für den Computer.', 'fr-CA': 'Sauvegarde complète de l’appareil et portail Web pour ordinateur.' } } },
];

export interface DemoComponent {
  slug: string;
  name: string;
  group: string;
  description: string;
  dataKind: 'contacts' | 'calendar' | 'todo' | 'photos' | 'messages' | null;
  position: number;
  translations: DemoTranslations;
}

export const demoComponents: DemoComponent[] = [
  { slug: 'contacts', name: 'Contacts', group: 'personal-data', dataKind: 'contacts', position: 0, description: 'Address book sync between the device and the service.', translations: { name: { 'de-DE': 'Kontakte', 'fr-CA': 'Contacts' }, description: { 'de-DE': 'Abgleich des Adressbuchs zwischen Gerät und Dienst.', 'fr-CA': 'Synchronisation du carnet d’adresses entre l’appareil et le service.' } } },
  { slug: 'calendar', name: 'Calendar', group: 'personal-data', dataKind: 'calendar', position: 1, description: 'Appointments and reminders, synchronised both ways.', translations: { name: { 'de-DE': 'Kalender', 'fr-CA': 'Calendrier' }, description: { 'de-DE': 'Termine und Erinnerungen, in beide Richtungen synchronisiert.', 'fr-CA': 'Rendez-vous et rappels, synchronisés dans les deux sens.' } } },
  { slug: 'todo', name: 'To-do', group: 'personal-data', dataKind: 'todo', position: 2, description: 'Task lists and notes kept in step with the web portal.', translations: { name: { 'de-DE': 'Aufgaben', 'fr-CA': 'Tâches' }, description: { 'de-DE': 'Aufgabenlisten und Notizen, abgeglichen mit dem Webportal.', 'fr-CA': 'Listes de tâches et notes tenues à jour avec le portail Web.' } } },
  { slug: 'photos', name: 'Photos', group: 'personal-data', dataKind: 'photos', position: 3, description: 'Pictures taken on the device and stored in the online album.', translations: { name: { 'de-DE': 'Fotos', 'fr-CA': 'Photos' }, description: { 'de-DE': 'Mit dem Gerät aufgenommene Bilder, gespeichert im Online-Album.', 'fr-CA': 'Photos prises avec l’appareil et conservées dans l’album en ligne.' } } },
  { slug: 'messaging', name: 'Messaging (e-mail and IM)', group: 'communication', dataKind: 'messages', position: 0, description: 'Sending and receiving e-mail and instant messages.', translations: { name: { 'de-DE': 'Nachrichten (E-Mail und Chat)', 'fr-CA': 'Messagerie (courriel et clavardage)' }, description: { 'de-DE': 'Senden und Empfangen von E-Mails und Sofortnachrichten.', 'fr-CA': 'Envoi et réception de courriels et de messages instantanés.' } } },
  { slug: 'backup-restore', name: 'Device backup & restore', group: 'account-tools', dataKind: null, position: 0, description: 'Restoring a device from the service after a reset, repair or replacement.', translations: { name: { 'de-DE': 'Gerätesicherung und Wiederherstellung', 'fr-CA': 'Sauvegarde et restauration de l’appareil' }, description: { 'de-DE': 'Wiederherstellung eines Geräts aus dem Dienst nach dem Zurücksetzen, einer Reparatur oder einem Austausch.', 'fr-CA': 'Restauration d’un appareil à partir du service après une réinitialisation, une réparation ou un remplacement.' } } },
  { slug: 'web-portal', name: 'Web portal', group: 'account-tools', dataKind: null, position: 1, description: 'The desktop website for viewing and editing your data.', translations: { name: { 'de-DE': 'Webportal', 'fr-CA': 'Portail Web' }, description: { 'de-DE': 'Die Website für den Computer, auf der Sie Ihre Daten ansehen und bearbeiten.', 'fr-CA': 'Le site Web pour ordinateur, où consulter et modifier vos données.' } } },
];

export interface DemoRegion {
  slug: string;
  name: string;
  carrier: string;
  product: string;
  market: string;
  locale: string;
  /** The languages its pages are offered in (comma list, its locale's first); empty offers every language. */
  languages: string;
  timeZone: string;
  estimatedUsers: number;
  accentColor: string;
  supportUrl: string;
  /** What texts to its customers show as sender (null: SMS_URL's). */
  smsSenderId: string | null;
  position: number;
}

export const demoRegions: DemoRegion[] = [
  {
    slug: 'tmobile-us',
    name: 'T-Mobile US',
    carrier: 'T-Mobile',
    product: 'Sidekick',
    market: 'United States',
    locale: 'en-US',
    languages: '',
    timeZone: 'America/Los_Angeles',
    estimatedUsers: 1_000_000,
    accentColor: '#e20074',
    supportUrl: 'https://support.example.com/t-mobile',
    smsSenderId: 'T-Mobile',
    position: 0,
  },
  {
    slug: 'telstra-au',
    name: 'Telstra Australia',
    carrier: 'Telstra',
    product: 'Hiptop',
    market: 'Australia',
    locale: 'en-AU',
    languages: '',
    timeZone: 'Australia/Sydney',
    estimatedUsers: 40_000,
    accentColor: '#0064d2',
    supportUrl: 'https://support.example.com/telstra',
    smsSenderId: 'Telstra',
    position: 1,
  },
  {
    slug: 'rogers-ca',
    name: 'Rogers Canada',
    carrier: 'Rogers',
    product: 'Sidekick',
    market: 'Canada',
    locale: 'en-CA',
    // Rogers' customers include French speakers: its pages offer Canadian French beside English.
    languages: 'en-CA,fr-CA',
    timeZone: 'America/Toronto',
    estimatedUsers: 60_000,
    accentColor: '#da291c',
    supportUrl: 'https://support.example.com/rogers',
    smsSenderId: null,
    position: 2,
  },
  {
    // T-Mobile sold the Sidekick in Germany too: its customers read the page in German first.
    slug: 'tmobile-de',
    name: 'T-Mobile Deutschland',
    carrier: 'T-Mobile',
    product: 'Sidekick',
    market: 'Deutschland',
    locale: 'de-DE',
    languages: 'de-DE,en',
    timeZone: 'Europe/Berlin',
    estimatedUsers: 25_000,
    accentColor: '#e20074',
    supportUrl: 'https://support.example.com/t-mobile-de',
    smsSenderId: 'T-Mobile',
    position: 3,
  },
];
