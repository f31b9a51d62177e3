import type { Metadata } from 'next';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { listUsers } from '@/lib/server/users/list-users';
import { ActionForm } from '../_lib/action-form';
import { FlashMessage } from '../_lib/flash-message';
import { DataTable } from '../_components/data-table';
import { RoleSelect, SubmitRow } from '../_components/form-fields';
import { When } from '../_components/labels';
import { inviteUserAction, updateUserAction } from './actions';

export const metadata: Metadata = { title: 'Users' };

const ROLE_HELP = 'Admin: settings, users and everything. Responder: incidents, maintenance, notices, subscribers. Viewer: reads everything, changes nothing.';

export default async function UsersPage() {
  const actor = await requireStaff('admin');
  const users = await listUsers();
  return (
    <>
      <h1>Users</h1>
      <FlashMessage />
      <p className="muted">{ROLE_HELP}</p>
      <DataTable
        columns={['Person', 'Role', 'Security', 'Last seen', 'Account']}
        rows={users}
        row={(u) => (
          <tr key={u.id}>
            <td>
              {u.name}
              <div className="muted">{u.email}</div>
            </td>
            <td>
              <ActionForm action={updateUserAction} className="row">
                <input type="hidden" name="id" value={u.id} />
                <input type="hidden" name="command" value="role" />
                <RoleSelect label={<span className="visually-hidden">Role of {u.name}</span>} defaultValue={u.role} />
                <button type="submit">Set</button>
              </ActionForm>
            </td>
            <td>
              {u.totpEnabledAt ? <span className="badge badge-ok">2-step on</span> : <span className="badge">password only</span>} {u.mustChangePassword ? <span className="badge">one-time password</span> : null}
            </td>
            <td>{u.sessions[0] ? <When at={u.sessions[0].lastSeenAt} /> : <span className="muted">never</span>}</td>
            <td>
              {u.id === actor.userId ? (
                <span className="muted">you</span>
              ) : (
                <ActionForm action={updateUserAction} confirm={u.disabledAt ? undefined : `Disable ${u.name}? They are signed out at once and their API tokens are revoked.`}>
                  <input type="hidden" name="id" value={u.id} />
                  <button type="submit" name="command" value={u.disabledAt ? 'enable' : 'disable'}>
                    {u.disabledAt ? 'Enable' : 'Disable'}
                  </button>
                </ActionForm>
              )}
              {u.disabledAt ? <div className="muted">disabled</div> : null}
            </td>
          </tr>
        )}
      />
      <section className="panel" aria-labelledby="invite-title">
        <h2 id="invite-title">Add a staff member</h2>
        <ActionForm action={inviteUserAction} className="stack">
          <div className="row">
            <label>
              E-mail
              <input type="email" name="email" required maxLength={254} />
            </label>
            <label>
              Name
              <input name="name" maxLength={120} />
            </label>
            <RoleSelect label="Role" defaultValue="responder" />
          </div>
          <label>
            Password (optional; leave blank for a one-time password they must change)
            <input type="password" name="password" minLength={10} maxLength={200} autoComplete="new-password" />
          </label>
          <SubmitRow>Add staff member</SubmitRow>
        </ActionForm>
      </section>
    </>
  );
}
