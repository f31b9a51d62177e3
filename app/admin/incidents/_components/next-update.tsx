import { isOverdue } from '@/lib/domain/update-text';
import { When } from '../../_components/labels';

/** The incident's promise of a next update: a warning once it has passed, else when it is due. */
export function NextUpdateNote({ at, now, compact = false }: { at: Date | null; now: Date; compact?: boolean }) {
  if (!at) return null;
  if (compact) return isOverdue(at, now) ? <span className="badge badge-pending" title={`Promised by ${at.toISOString()}`}>update overdue</span> : null;
  if (isOverdue(at, now)) {
    return (
      <p className="flash flash-error" role="alert">
        The next update is overdue: it was promised by <When at={at} />. Post one now, even if there is no news.
      </p>
    );
  }
  return (
    <p className="muted">
      Next update promised by <When at={at} />.
    </p>
  );
}
