'use client';

import { useState } from 'react';
import { describeWindow } from '@/lib/domain/maintenance';
import { wallTimeToUtc } from '@/lib/domain/time';
import { ZoneSelect } from '../../_lib/zone-select';

/** Start, end and zone of a new window, with the window read back in the chosen zone and in UTC as it is typed. */
export function WindowFields({ zones, defaultZone }: { zones: readonly string[]; defaultZone: string }) {
  const [zone, setZone] = useState(defaultZone);
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const a = from ? wallTimeToUtc(from, zone) : null;
  const b = until ? wallTimeToUtc(until, zone) : null;
  const echo = a?.ok && b?.ok ? describeWindow(a.at, b.at, zone) : `Times are on the clock of ${zone}; once both are set, they are shown here in UTC too.`;
  return (
    <>
      <div className="row">
        <label>
          Starts ({zone})
          <input type="datetime-local" name="scheduled_for" required value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          Ends ({zone})
          <input type="datetime-local" name="scheduled_until" required value={until} onChange={(e) => setUntil(e.target.value)} />
        </label>
        <ZoneSelect name="time_zone" label="Times are in" zones={zones} defaultValue={defaultZone} onChange={setZone} />
      </div>
      <p className="muted" aria-live="polite" data-testid="window-echo">
        {echo}
      </p>
    </>
  );
}
