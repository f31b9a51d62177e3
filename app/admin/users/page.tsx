import type { Metadata } from 'next';
import Link from 'next/link';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { listUsers } from '@/lib/server/users/list-users';
import { ActionForm } from '../_lib/action-form';
import { FlashMessage } from '../_lib/flash-message';
import { firstParam, type SearchParams } from '../_lib/search-params';
import { DataTable } from '../_components/data-table';
import { RoleSelect, SubmitRow } from '../_components/form-fields';
import { When } from '../_components/labels';
import { inviteUserAction, resetTotpAction, setOneTimePasswordAction, updateUserAction } from './actions';

export const metadata: Metadata = { title: 'Users' };

const ROLE_HELP = 'Admin: settings, users and everything. Responder: incidents, maintenance, notices, subscribers. Viewer: reads everything, changes nothing.';

export default async function UsersPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireStaff('admin');
  const users = await listUsers();
  // Resetting is two steps without JavaScript: the row's link opens this panel, the panel's button resets.
  const resetId = firstParam((await searchParams).reset_totp) ?? '';
  const resetting = users.find((u) => u.id === resetId && u.id !== actor.userId && u.totpEnabledAt);
  const passwordId = firstParam((await searchParams).one_time_password) ?? '';
  const settingPassword = users.find((u) => u.id === passwordId && u.id !== actor.userId && !u.disabledAt);
  return (
    <>
      <h1>Users</h1>
      <FlashMessage />
      <p className="muted">{ROLE_HELP}</p>
      {resetting ? (
        <section className="panel" aria-labelledby="reset-totp-title">
          <h2 id="reset-totp-title">Reset two-step sign-in for {resetting.name}?</h2>
          <p>
            For a lost or replaced phone. {resetting.email} is signed out everywhere at once and then signs in with the password alone; they can enrol a new device on their account page. Be sure it is
            really them asking: after this, their password is the only thing protecting the account.
          </p>
          <ActionForm action={resetTotpAction} className="row" aria-label={`Reset two-step sign-in for ${resetting.name}`}>
            <input type="hidden" name="id" value={resetting.id} />
            <button type="submit" className="danger">
              Reset two-step sign-in
            </button>
            <Link href="/admin/users">Cancel</Link>
          </ActionForm>
        </section>
      ) : null}
      {settingPassword ? (
        <section className="panel" aria-labelledby="one-time-password-title">
          <h2 id="one-time-password-title">Set a one-time password for {settingPassword.name}?</h2>
          <p>
            For a forgotten password, above all when Candor sends no e-mail (no SMTP_URL). {settingPassword.email} is signed out everywhere, unused reset links stop working, and they must choose their own password
            at the next sign-in. Be sure it is really them asking, and pass the password on privately.
          </p>
          <ActionForm action={setOneTimePasswordAction} className="row" aria-label={`Set a one-time password for ${settingPassword.name}`}>
            <input type="hidden" name="id" value={settingPassword.id} />
            <button type="submit" className="danger">
              Set a one-time password
            </button>
            <Link href="/admin/users">Cancel</Link>
          </ActionForm>
        </section>
      ) : null}
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
              {u.totpEnabledAt && u.id !== actor.userId ? (
                <div>
                  <Link href={`/admin/users?reset_totp=${encodeURIComponent(u.id)}`} aria-label={`Reset two-step sign-in for ${u.name}`}>
                    Reset two-step
                  </Link>
                </div>
              ) : null}
              {u.id !== actor.userId && !u.disabledAt ? (
                <div>
                  <Link href={`/admin/users?one_time_password=${encodeURIComponent(u.id)}`} aria-label={`Set one-time password for ${u.name}`}>
                    Set one-time password
                  </Link>
                </div>
              ) : null}
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
            Password (optional; leave blank to e-mail them an invitation link to choose their own)
            <input type="password" name="password" minLength={10} maxLength={200} autoComplete="new-password" />
          </label>
          <SubmitRow>Add staff member</SubmitRow>
        </ActionForm>
      </section>
    </>
  );
}
