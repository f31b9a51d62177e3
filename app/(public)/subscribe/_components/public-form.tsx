'use client';

import { useActionState, type ReactNode } from 'react';
import type { PublicFormState } from '../actions';

interface Props {
  action: (state: PublicFormState, fd: FormData) => Promise<PublicFormState>;
  children: ReactNode;
  className?: string;
  label: string;
  /** The heading shown once the action succeeded (with doneReplacesForm), in the page's language. */
  doneTitle?: string;
  /** Hide the fields once the action succeeded (the subscribe form). */
  doneReplacesForm?: boolean;
}

/** A public form that works as a plain POST without JavaScript and shows the answer in place. */
export function PublicForm({ action, children, className, label, doneTitle, doneReplacesForm }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  if (doneReplacesForm && state?.ok) {
    return (
      <div className="sub-done" role="status">
        {doneTitle ? <h2>{doneTitle}</h2> : null}
        <p>{state.ok}</p>
      </div>
    );
  }
  return (
    <form action={formAction} className={className} aria-label={label} aria-busy={pending}>
      {state?.error ? (
        <p className="sub-flash sub-flash-error" role="alert">
          {state.error}
        </p>
      ) : null}
      {state?.ok ? (
        <p className="sub-flash sub-flash-ok" role="status">
          {state.ok}
        </p>
      ) : null}
      {children}
    </form>
  );
}
