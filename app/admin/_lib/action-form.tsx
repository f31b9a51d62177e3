'use client';

import { startTransition, useActionState, type ReactNode } from 'react';
import { Notice } from '../_components/notice';
import type { FormState } from './action-state';

interface Props {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  children: ReactNode;
  className?: string;
  id?: string;
  /** Asks before submitting (e.g. resolving); without JavaScript the server still requires the confirm box. */
  confirm?: string;
  'aria-label'?: string;
}

/**
 * A console form that works without JavaScript (a plain POST to the server action) and, with it,
 * keeps what the agent typed when the server refuses, showing the reason above the fields.
 */
export function ActionForm({ action, children, className, id, confirm, ...rest }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form
      id={id}
      className={className}
      action={formAction}
      aria-label={rest['aria-label']}
      aria-busy={pending}
      onSubmit={(event) => {
        event.preventDefault();
        if (confirm && !window.confirm(confirm)) return;
        const submitter = (event.nativeEvent as SubmitEvent).submitter;
        const data = new FormData(event.currentTarget, submitter);
        startTransition(() => formAction(data));
      }}
    >
      {state?.error ? <Notice kind="error">{state.error}</Notice> : null}
      {state?.ok ? <Notice kind="ok">{state.ok}</Notice> : null}
      <fieldset className="bare" disabled={pending}>
        {state?.confirm ? (
          <label className="check confirm-anyway" key={state.at}>
            <input type="checkbox" name={state.confirm.name} />
            {state.confirm.label}
          </label>
        ) : null}
        {children}
      </fieldset>
    </form>
  );
}
