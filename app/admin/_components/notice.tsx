import type { ReactNode } from 'react';

/** A one-line outcome above a form or list: errors are announced at once, confirmations politely. */
export function Notice({ kind, children }: { kind: 'ok' | 'error'; children: ReactNode }) {
  return (
    <p className={`flash flash-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}
