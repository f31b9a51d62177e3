// The Sidekick demo scenario, part 3: a few hundred confirmed subscribers. They are generated
// from a fixed seed, so the same addresses come out every time and loading twice adds nobody.
// Addresses use only the reserved example.com/.net/.org domains.

export interface DemoSubscriber {
  email: string;
  timeZone: string;
  locale: string;
  /** Empty means every region. */
  regions: string[];
  /** Empty means every component. */
  components: string[];
  confirmedDaysAgo: number;
}

export const DEMO_SUBSCRIBER_COUNT = 320;

const FIRST = ['alex', 'sam', 'jordan', 'casey', 'riley', 'morgan', 'taylor', 'jamie', 'drew', 'kai', 'robin', 'quinn', 'avery', 'harper', 'lee', 'noor', 'mika', 'sasha', 'dev', 'ari'];
const LAST = ['nguyen', 'smith', 'garcia', 'chen', 'okafor', 'kowalski', 'rossi', 'murphy', 'tanaka', 'singh', 'brown', 'silva', 'cohen', 'ivanova', 'walker', 'haddad'];
const DOMAINS = ['example.com', 'example.net', 'example.org'];

const ZONES: Record<string, { locale: string; zones: string[] }> = {
  'tmobile-us': { locale: 'en-US', zones: ['America/Los_Angeles', 'America/Denver', 'America/Chicago', 'America/New_York', 'Pacific/Honolulu'] },
  'telstra-au': { locale: 'en-AU', zones: ['Australia/Sydney', 'Australia/Melbourne', 'Australia/Brisbane', 'Australia/Perth', 'Australia/Adelaide'] },
  'rogers-ca': { locale: 'en-CA', zones: ['America/Toronto', 'America/Vancouver', 'America/Edmonton', 'America/Halifax'] },
};
const DATA_COMPONENTS = ['contacts', 'calendar', 'todo', 'photos', 'messaging'];

/** A small deterministic generator (mulberry32): the demo must not change between loads, and tests name reproducible cases. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export function demoSubscribers(): DemoSubscriber[] {
  const next = seededRandom(2009);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const result: DemoSubscriber[] = [];
  for (let i = 0; i < DEMO_SUBSCRIBER_COUNT; i++) {
    const roll = next();
    // Mostly T-Mobile customers, as the user numbers are; a tenth follow every region.
    const home = roll < 0.55 ? 'tmobile-us' : roll < 0.8 ? 'telstra-au' : roll < 0.9 ? 'rogers-ca' : null;
    const zoneInfo = ZONES[home ?? pick(Object.keys(ZONES))]!;
    const perComponent = home !== null && next() < 0.3;
    const components = perComponent ? [...new Set([pick(DATA_COMPONENTS), pick(DATA_COMPONENTS)])].sort() : [];
    const email = `${pick(FIRST)}.${pick(LAST)}.${String(i + 1).padStart(3, '0')}@${DOMAINS[i % DOMAINS.length]}`;
    result.push({
      email,
      timeZone: pick(zoneInfo.zones),
      locale: zoneInfo.locale,
      regions: home ? [home] : [],
      components,
      confirmedDaysAgo: 1 + Math.floor(next() * 89),
    });
  }
  return result;
}
