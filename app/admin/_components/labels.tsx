import { DATA_STATE_LABEL } from '@/lib/domain/data-state';
import { COMPONENT_STATUS_LABEL, IMPACT_LABEL, INCIDENT_STATUS_LABEL } from '@/lib/domain/status';

// The console's badges read the same vocabulary as the public page (lib/domain/status.ts);
// a value the vocabulary does not know is shown as it is stored.
const lookup = (labels: Record<string, string>, value: string): string | undefined => labels[value];

export const statusText = (s: string) => lookup(INCIDENT_STATUS_LABEL, s) ?? s;

/** An incident, maintenance or component status. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status}`}>{lookup(INCIDENT_STATUS_LABEL, status) ?? lookup(COMPONENT_STATUS_LABEL, status) ?? status}</span>;
}

export function ImpactBadge({ impact }: { impact: string }) {
  return <span className={`badge impact-${impact}`}>{impact === 'none' ? IMPACT_LABEL.none : `${lookup(IMPACT_LABEL, impact) ?? impact} impact`}</span>;
}

export function DataBadge({ state }: { state: string }) {
  return <span className={`badge data-${state}`}>{lookup(DATA_STATE_LABEL, state) ?? state}</span>;
}

export function When({ at }: { at: Date | null }) {
  if (!at) return null;
  return (
    <time dateTime={at.toISOString()} title={at.toISOString()}>
      {at.toISOString().slice(0, 16).replace('T', ' ')} UTC
    </time>
  );
}
