'use client';

import { useEffect, useState } from 'react';

/** The browser's time zone in a hidden field; without JavaScript the server keeps the default. */
export function TimeZoneField({ initial = 'UTC' }: { initial?: string }) {
  const [tz, setTz] = useState(initial);
  useEffect(() => {
    if (initial !== 'UTC') return;
    try {
      const detected = Intl.DateTimeFormat().resolvedOptions().timeZone;
      // eslint-disable-next-line react-hooks/set-state-in-effect -- the zone is only known in the browser, after hydration
      if (detected) setTz(detected);
    } catch {
      // keep UTC
    }
  }, [initial]);
  return <input type="hidden" name="time_zone" value={tz} data-testid="time-zone" />;
}
