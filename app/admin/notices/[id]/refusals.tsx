import type { NoticeRefusals } from '@/lib/server/notices/list-refusals';
import { ActionForm } from '../../_lib/action-form';
import { DataTable } from '../../_components/data-table';
import { requeueRefusedAction } from './refusal-actions';

/** Deliveries refused although the address is fine: usually the sender's DNS or reputation needs fixing. */
export function Refusals({ id, refusals, canAct }: { id: string; refusals: NoticeRefusals; canAct: boolean }) {
  if (refusals.policy + refusals.rejected === 0) return null;
  return (
    <section className="panel stack" aria-labelledby="refusals-title">
      <h2 id="refusals-title">Refused by the receiving side</h2>
      <p>
        {refusals.policy.toLocaleString('en-US')} refused for policy or reputation (blocklists, SPF, DKIM, DMARC, spam filters)
        {refusals.rejected > 0 ? `; ${refusals.rejected.toLocaleString('en-US')} refused for another reason (size, content)` : ''}. These addresses were not suppressed. A policy
        refusal usually means the sender&apos;s DNS or reputation needs fixing; once it is, send them again.
      </p>
      <DataTable
        columns={['Count', 'Why', 'Reply']}
        rows={refusals.reasons}
        row={(r) => (
          <tr key={`${r.failureClass}:${r.reason}`}>
            <td>{r.count.toLocaleString('en-US')}</td>
            <td>{r.failureClass === 'policy' ? 'policy or reputation' : 'other'}</td>
            <td>
              <code>{r.reason}</code>
            </td>
          </tr>
        )}
      />
      {canAct && refusals.policy > 0 ? (
        <ActionForm action={requeueRefusedAction} className="row" aria-label="Re-queue refused deliveries">
          <input type="hidden" name="id" value={id} />
          <button type="submit" className="button">
            Re-queue the {refusals.policy.toLocaleString('en-US')} refused for policy
          </button>
        </ActionForm>
      ) : null}
    </section>
  );
}
