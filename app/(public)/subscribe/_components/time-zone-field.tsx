'use client';

import { useEffect, useState } from 'react';

/**
 * The zone times in e-mails are shown in: a visible select, prefilled with `initial` (the stored
 * zone, or the carrier's) and, with `detect`, with the browser's own zone once JavaScript runs.
 */
export function TimeZoneField({ label, initial, zones, detect = false }: { label: string; initial: string; zones: readonly string[]; detect?: boolean }) {
  const [tz, setTz] = useState(initial);
  useEffect(() => {
    if (!detect) return;
    try {
      const detected = Intl.DateTimeFormat().resolvedOptions().timeZone;
      // eslint-disable-next-line react-hooks/set-state-in-effect -- the zone is only known in the browser, after hydration
      if (detected) setTz(detected);
    } catch {
      // keep the prefilled zone
    }
  }, [detect]);
  const choices = zones.includes(tz) ? zones : [tz, ...zones];
  return (
    <label className="sub-field">
      <span>{label}</span>
      <select name="time_zone" value={tz} onChange={(e) => setTz(e.target.value)} data-testid="time-zone">
        {choices.map((z) => (
          <option key={z} value={z}>
            {z.replace(/_/g, ' ')}
          </option>
        ))}
      </select>
    </label>
  );
}
