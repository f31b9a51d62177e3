'use client';

import { useActionState, useEffect, useRef } from 'react';
import { useFormStatus } from 'react-dom';
import { setupAction } from './actions';
import { emptySetupForm } from './form-state';

const LABELS: Record<string, string> = { name: 'Your name', email: 'E-mail', password: 'Password', confirmPassword: 'Confirm password' };

function SubmitButton() {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className="setup-submit" disabled={pending} aria-disabled={pending}>
      {pending ? 'Creating your account…' : 'Create admin account'}
    </button>
  );
}

function Field({ name, type, autoComplete, defaultValue, error, hint }: { name: string; type: string; autoComplete: string; defaultValue?: string; error?: string; hint?: string }) {
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="setup-field">
      <label htmlFor={name}>{LABELS[name]}</label>
      {hint ? (
        <p id={`${name}-hint`} className="setup-hint">
          {hint}
        </p>
      ) : null}
      <input id={name} name={name} type={type} autoComplete={autoComplete} defaultValue={defaultValue} required aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
      {error ? (
        <p id={`${name}-error`} className="setup-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function SetupForm() {
  const [state, action] = useActionState(setupAction, emptySetupForm);
  const { values, errors } = state;
  const problems = Object.entries(errors);
  const summary = useRef<HTMLDivElement>(null);
  // After a failed submit, take keyboard and screen-reader users to the list of problems.
  useEffect(() => {
    if (Object.keys(state.errors).length > 0) summary.current?.focus();
  }, [state]);
  // The key changes with each answer so the fields show what the server sent back.
  const key = JSON.stringify(values);
  return (
    <form action={action} className="setup-form" noValidate key={key}>
      {problems.length > 0 ? (
        <div className="setup-summary" role="alert" tabIndex={-1} ref={summary}>
          <p>{problems.length === 1 ? 'Please correct this:' : `Please correct these ${problems.length} things:`}</p>
          <ul>
            {problems.map(([field, message]) => (
              <li key={field}>{field === 'form' ? message : <a href={`#${field}`}>{`${LABELS[field] ?? field}: ${message}`}</a>}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Field name="name" type="text" autoComplete="name" defaultValue={values.name} error={errors.name} />
      <Field name="email" type="email" autoComplete="username" defaultValue={values.email} error={errors.email} hint="You sign in with this address." />
      <Field name="password" type="password" autoComplete="new-password" error={errors.password} hint="At least 10 characters. A few random words work well." />
      <Field name="confirmPassword" type="password" autoComplete="new-password" error={errors.confirmPassword} />
      <div className="setup-check">
        <input id="loadDemo" name="loadDemo" type="checkbox" defaultChecked={values.loadDemo} aria-describedby="loadDemo-hint" />
        <div>
          <label htmlFor="loadDemo">Load the demo scenario (the Sidekick data-loss week)</label>
          <p id="loadDemo-hint" className="setup-hint">
            Adds a status page for “Danger Cloud Services” with T-Mobile (Sidekick), Telstra (Hiptop) and Rogers regions, the open data-loss incident, a
            planned maintenance, 90 days of history and 320 example subscribers. Nothing is e-mailed. You can run it later with <code>candor seed demo</code>.
          </p>
        </div>
      </div>
      <SubmitButton />
    </form>
  );
}
