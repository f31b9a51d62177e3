'use client';

import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A carrier or service choice: ticking a box selects "only these", and choosing "every" clears the
 * boxes, so what is ticked is what is stored. Without JavaScript the server reads ticks the same way.
 * A native listener: React's change tracking misses a radio that another one's script-set check unchecked.
 */
export function OnlyThese({ legend, children }: { legend: string; children: ReactNode }) {
  const ref = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    const set = ref.current;
    if (!set) return;
    const onChange = (event: Event) => {
      const input = event.target as HTMLInputElement;
      if (input.type === 'checkbox' && input.checked) {
        const some = set.querySelector<HTMLInputElement>('input[type="radio"][value="some"]');
        if (some) some.checked = true;
      } else if (input.type === 'radio' && input.value === 'all') {
        for (const box of set.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) box.checked = false;
      }
    };
    set.addEventListener('change', onChange);
    return () => set.removeEventListener('change', onChange);
  }, []);
  return (
    <fieldset ref={ref} className="sub-group">
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );
}
