// Reading the subscribe and manage forms. Shared with the integration tests, so no React here.

export interface PrefsValue {
  regions: 'all' | string[];
  components: 'all' | string[];
  noticeKinds: string[];
  timeZone: string;
}

/**
 * Form fields to the shape the subscription services take. A ticked carrier or service means
 * "only these" whatever the radio says (without JavaScript nothing moves the radio for the
 * subscriber); "only these" with nothing ticked is passed on for the service to refuse.
 */
export function prefsFromForm(fd: FormData): { regions: 'all' | string[]; components: 'all' | string[]; notice_kinds: string[]; time_zone: string } {
  const list = (name: string) => fd.getAll(name).filter((v): v is string => typeof v === 'string');
  const chosen = (name: 'regions' | 'components') => (list(name).length > 0 || fd.get(`${name}_mode`) === 'some' ? list(name) : 'all');
  const tz = fd.get('time_zone');
  return {
    regions: chosen('regions'),
    components: chosen('components'),
    notice_kinds: list('notice_kinds'),
    time_zone: typeof tz === 'string' && tz ? tz : 'UTC',
  };
}
