import type { Metadata } from 'next';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { listApiTokens } from '@/lib/server/tokens/list-api-tokens';
import { ActionForm } from '../_lib/action-form';
import { FlashMessage } from '../_lib/flash-message';
import { DataTable, EmptyState } from '../_components/data-table';
import { RoleSelect, SubmitRow } from '../_components/form-fields';
import { When } from '../_components/labels';
import { createTokenAction, revokeTokenAction } from './actions';

export const metadata: Metadata = { title: 'API tokens' };

export default async function TokensPage() {
  await requireStaff('admin');
  const tokens = await listApiTokens();
  return (
    <>
      <h1>API tokens</h1>
      <FlashMessage />
      <p className="muted">
        Tokens call the management API under <code>/api/v1</code> with <code>Authorization: Bearer &lt;token&gt;</code> (see <a href="/api/v1/openapi.json">the OpenAPI document</a>). A token acts for a person: what it writes is theirs, and it may approve what someone else wrote.
      </p>
      <DataTable
        columns={['Name', 'Role', 'Acts for', 'Last used', 'State']}
        rows={tokens}
        empty={<EmptyState>No API tokens yet. Create one below; it is shown once.</EmptyState>}
        row={(t) => (
          <tr key={t.id}>
            <td>
              {t.name} <div className="muted">cnd_{t.prefix}_…</div>
            </td>
            <td>{t.role}</td>
            <td>
              {t.user ? (
                <>
                  {t.user.name} <div className="muted">{t.user.email}</div>
                </>
              ) : (
                <span className="muted">nobody</span>
              )}
            </td>
            <td>{t.lastUsedAt ? <When at={t.lastUsedAt} /> : <span className="muted">never</span>}</td>
            <td>
              {t.revokedAt ? (
                <span className="muted">
                  revoked <When at={t.revokedAt} />
                </span>
              ) : (
                <ActionForm action={revokeTokenAction} confirm={`Revoke ${t.name}? Scripts using it stop working at once.`}>
                  <input type="hidden" name="id" value={t.id} />
                  <button type="submit">Revoke</button>
                </ActionForm>
              )}
            </td>
          </tr>
        )}
      />
      <section className="panel" aria-labelledby="new-token">
        <h2 id="new-token">Create a token</h2>
        <ActionForm action={createTokenAction} className="stack">
          <div className="row">
            <label>
              Name
              <input name="name" required maxLength={100} placeholder="ci" />
            </label>
            <RoleSelect label="Role" defaultValue="responder" />
            <label>
              Acts for
              <select name="acts_for" defaultValue="me" aria-describedby="acts-for-help">
                <option value="me">Me</option>
                <option value="nobody">Nobody (a service token)</option>
              </select>
            </label>
          </div>
          <p className="muted" id="acts-for-help">
            A token that acts for nobody can do everything its role allows except the two-person rule: it can neither declare data lost (updates, incidents, data-loss notices) nor approve anything.
          </p>
          <SubmitRow>Create token</SubmitRow>
        </ActionForm>
      </section>
    </>
  );
}
