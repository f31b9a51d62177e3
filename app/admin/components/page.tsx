import type { Metadata } from 'next';
import { hasRole } from '@/lib/server/actor';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { listComponents } from '@/lib/server/components/list-components';
import { DATA_KIND_VALUES } from '@/lib/server/components/schemas';
import { listGroups } from '@/lib/server/groups/list-groups';
import { COMPONENT_STATUS_VALUES } from '@/lib/server/incidents/schemas';
import { ActionForm } from '../_lib/action-form';
import { FlashMessage } from '../_lib/flash-message';
import { MoveButtons, SubmitRow } from '../_components/form-fields';
import { StatusBadge } from '../_components/labels';
import { TranslationFields } from '../_components/translation-fields';
import { componentCommandAction, createComponentAction, groupCommandAction, saveGroupAction, updateComponentAction } from './actions';

export const metadata: Metadata = { title: 'Components' };

type Group = Awaited<ReturnType<typeof listGroups>>[number];
type Component = Awaited<ReturnType<typeof listComponents>>[number];

function ComponentFields({ c, groups }: { c?: Component; groups: Group[] }) {
  return (
    <>
      <div className="row">
        <label>
          Name
          <input name="name" required maxLength={100} defaultValue={c?.name} />
        </label>
        <label>
          Slug (for the API; blank to derive)
          <input name="slug" maxLength={60} pattern="[a-z0-9]+(-[a-z0-9]+)*" defaultValue={c?.slug} />
        </label>
      </div>
      <label>
        Description
        <input name="description" maxLength={500} defaultValue={c?.description ?? ''} />
      </label>
      <div className="row">
        <label>
          Group
          <select name="group" defaultValue={c?.groupId ?? ''}>
            <option value="">No group</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Customer data it holds
          <select name="data_kind" defaultValue={c?.dataKind ?? ''}>
            <option value="">None</option>
            {DATA_KIND_VALUES.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        {c ? (
          <label>
            Baseline status
            <select name="status" defaultValue={c.status}>
              {COMPONENT_STATUS_VALUES.map((s) => (
                <option key={s} value={s}>
                  {s.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      <div className="row">
        <label className="check">
          <input type="checkbox" name="showcase" defaultChecked={c?.showcase ?? true} /> Show on the public page
        </label>
        <label className="check">
          <input type="checkbox" name="only_show_if_degraded" defaultChecked={c?.onlyShowIfDegraded ?? false} /> Only when degraded
        </label>
      </div>
      <TranslationFields kind="component" stored={c?.translations} />
    </>
  );
}

export default async function ComponentsPage() {
  const actor = await requireStaff('viewer');
  const admin = hasRole(actor, 'admin');
  const [components, groups] = await Promise.all([listComponents(), listGroups()]);
  const sections = [...groups.map((g) => ({ group: g as Group | null, items: components.filter((c) => c.groupId === g.id) })), { group: null, items: components.filter((c) => !c.groupId) }].filter((s) => s.group || s.items.length > 0);
  return (
    <>
      <h1>Components</h1>
      <FlashMessage />
      {!admin ? <p className="muted">Read-only: changing components needs the admin role.</p> : null}
      {sections.map(({ group, items }) => (
        <section key={group?.id ?? 'none'} className="panel" aria-label={group?.name ?? 'Ungrouped'}>
          <div className="page-head">
            <h2>{group ? group.name : 'Not in a group'}</h2>
            {admin && group ? (
              <ActionForm action={groupCommandAction} className="row">
                <input type="hidden" name="id" value={group.id} />
                <MoveButtons label={`group ${group.name}`} />
                <button type="submit" name="command" value="delete">
                  Delete group
                </button>
              </ActionForm>
            ) : null}
          </div>
          {admin && group ? (
            <details>
              <summary>Edit group</summary>
              <ActionForm action={saveGroupAction} className="row">
                <input type="hidden" name="id" value={group.id} />
                <label>
                  Name
                  <input name="name" defaultValue={group.name} required maxLength={100} />
                </label>
                <label>
                  Slug
                  <input name="slug" defaultValue={group.slug} maxLength={60} />
                </label>
                <label>
                  Description
                  <input name="description" defaultValue={group.description ?? ''} maxLength={500} />
                </label>
                <TranslationFields kind="group" stored={group.translations} />
                <button type="submit">Save group</button>
              </ActionForm>
            </details>
          ) : null}
          {items.length === 0 ? <p className="muted">No components in this group.</p> : null}
          <ul className="stack" style={{ listStyle: 'none', padding: 0 }}>
            {items.map((c) => (
              <li key={c.id} className="preview-region">
                <div className="page-head" style={{ marginBottom: 0 }}>
                  <span>
                    <strong>{c.name}</strong> <span className="muted">({c.slug})</span> <StatusBadge status={c.status} /> {c.dataKind ? <span className="badge">{c.dataKind}</span> : null}
                  </span>
                  {admin ? (
                    <ActionForm action={componentCommandAction} className="row">
                      <input type="hidden" name="id" value={c.id} />
                      <MoveButtons label={c.name} />
                    </ActionForm>
                  ) : null}
                </div>
                {admin ? (
                  <details>
                    <summary>Edit {c.name}</summary>
                    <ActionForm action={updateComponentAction} className="stack">
                      <input type="hidden" name="id" value={c.id} />
                      <input type="hidden" name="version" value={c.version} />
                      <ComponentFields c={c} groups={groups} />
                      <SubmitRow>Save</SubmitRow>
                    </ActionForm>
                    <ActionForm action={componentCommandAction} confirm={`Delete ${c.name}?`}>
                      <input type="hidden" name="id" value={c.id} />
                      <button type="submit" name="command" value="delete">
                        Delete component
                      </button>
                    </ActionForm>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
      {admin ? (
        <div className="two-col">
          <section className="panel" aria-labelledby="add-component">
            <h2 id="add-component">Add a component</h2>
            <ActionForm action={createComponentAction} className="stack">
              <ComponentFields groups={groups} />
              <SubmitRow>Add component</SubmitRow>
            </ActionForm>
          </section>
          <section className="panel" aria-labelledby="add-group">
            <h2 id="add-group">Add a group</h2>
            <ActionForm action={saveGroupAction} className="stack">
              <label>
                Name
                <input name="name" required maxLength={100} />
              </label>
              <label>
                Slug (blank to derive)
                <input name="slug" maxLength={60} />
              </label>
              <label>
                Description
                <input name="description" maxLength={500} />
              </label>
              <TranslationFields kind="group" />
              <SubmitRow primary={false}>Add group</SubmitRow>
            </ActionForm>
          </section>
        </div>
      ) : null}
    </>
  );
}
