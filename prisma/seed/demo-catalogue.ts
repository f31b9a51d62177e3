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
} as const;

export interface DemoGroup {
  slug: string;
  name: string;
  description: string;
  position: number;
}

export const demoGroups: DemoGroup[] = [
  { slug: 'personal-data', name: 'Personal data sync', description: 'The copies of your personal data kept by the service and synchronised to your device.', position: 0 },
  { slug: 'communication', name: 'Communication', description: 'E-mail and instant messaging on the device.', position: 1 },
  { slug: 'account-tools', name: 'Account tools', description: 'Whole-device backup and the desktop web portal.', position: 2 },
];

export interface DemoComponent {
  slug: string;
  name: string;
  group: string;
  description: string;
  dataKind: 'contacts' | 'calendar' | 'todo' | 'photos' | 'messages' | null;
  position: number;
}

export const demoComponents: DemoComponent[] = [
  { slug: 'contacts', name: 'Contacts', group: 'personal-data', dataKind: 'contacts', position: 0, description: 'Address book sync between the device and the service.' },
  { slug: 'calendar', name: 'Calendar', group: 'personal-data', dataKind: 'calendar', position: 1, description: 'Appointments and reminders, synchronised both ways.' },
  { slug: 'todo', name: 'To-do', group: 'personal-data', dataKind: 'todo', position: 2, description: 'Task lists and notes kept in step with the web portal.' },
  { slug: 'photos', name: 'Photos', group: 'personal-data', dataKind: 'photos', position: 3, description: 'Pictures taken on the device and stored in the online album.' },
  { slug: 'messaging', name: 'Messaging (e-mail and IM)', group: 'communication', dataKind: 'messages', position: 0, description: 'Sending and receiving e-mail and instant messages.' },
  { slug: 'backup-restore', name: 'Device backup & restore', group: 'account-tools', dataKind: null, position: 0, description: 'Restoring a device from the service after a reset, repair or replacement.' },
  { slug: 'web-portal', name: 'Web portal', group: 'account-tools', dataKind: null, position: 1, description: 'The desktop website for viewing and editing your data.' },
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
