import type { ReactNode } from 'react';

/** The last row of a console form: its one submit button. */
export function SubmitRow({ children, primary = true }: { children: ReactNode; primary?: boolean }) {
  return (
    <div>
      <button type="submit" className={primary ? 'primary' : undefined}>
        {children}
      </button>
    </div>
  );
}

/** Up/down reordering buttons; `label` names the thing moved ("Telstra Australia", "group Sync"). */
export function MoveButtons({ label }: { label: string }) {
  return (
    <>
      <button type="submit" name="command" value="up" aria-label={`Move ${label} up`}>
        ↑
      </button>
      <button type="submit" name="command" value="down" aria-label={`Move ${label} down`}>
        ↓
      </button>
    </>
  );
}

/** A staff role picker (users and API tokens carry the same three roles), highest first. */
export function RoleSelect({ label, defaultValue }: { label: ReactNode; defaultValue: string }) {
  return (
    <label>
      {label}
      <select name="role" defaultValue={defaultValue}>
        <option value="admin">admin</option>
        <option value="responder">responder</option>
        <option value="viewer">viewer</option>
      </select>
    </label>
  );
}

/** The incident impact picker shared by declaring, updating and editing an incident. */
export function ImpactSelect({ defaultValue }: { defaultValue: string }) {
  return (
    <label>
      Impact
      <select name="impact" defaultValue={defaultValue}>
        <option value="none">None</option>
        <option value="minor">Minor</option>
        <option value="major">Major</option>
        <option value="critical">Critical</option>
      </select>
    </label>
  );
}

/** Whether subscribers are e-mailed about this change; on unless the agent says otherwise. */
export function NotifyCheckbox() {
  return (
    <label className="check">
      <input type="checkbox" name="deliver_notifications" defaultChecked />
      Notify subscribers by e-mail
    </label>
  );
}

/** The incident a notice, or a notice template's preview, is about (newest first). */
export function IncidentSelect({ label, incidents, defaultValue }: { label: ReactNode; incidents: readonly { id: string; title: string; status: string }[]; defaultValue: string }) {
  return (
    <label>
      {label}
      <select name="incident" defaultValue={defaultValue}>
        {incidents.map((i) => (
          <option key={i.id} value={i.id}>
            {i.title} ({i.status})
          </option>
        ))}
      </select>
    </label>
  );
}
