'use client';

import type { ChangeEvent, ReactNode } from 'react';

/**
 * A carrier or service choice: ticking a box selects "only these", and choosing "every" clears the
 * boxes, so what is ticked is what is stored. Without JavaScript the server reads ticks the same way.
 */
export function OnlyThese({ legend, children }: { legend: string; children: ReactNode }) {
  const onChange = (event: ChangeEvent<HTMLFieldSetElement>) => {
    const input = event.target as unknown as HTMLInputElement;
    const set = event.currentTarget;
    if (input.type === 'checkbox' && input.checked) {
      const some = set.querySelector<HTMLInputElement>('input[type="radio"][value="some"]');
      if (some) some.checked = true;
    } else if (input.type === 'radio' && input.value === 'all') {
      for (const box of set.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) box.checked = false;
    }
  };
  return (
    <fieldset className="sub-group" onChange={onChange}>
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );
}
