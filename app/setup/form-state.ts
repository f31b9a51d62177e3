export interface SetupFormState {
  /** What was entered, to show again after an error (never the passwords). */
  values: { name: string; email: string; loadDemo: boolean };
  /** One message per field name, plus `form` for a problem with the whole form. */
  errors: Record<string, string>;
}

export const emptySetupForm: SetupFormState = { values: { name: '', email: '', loadDemo: false }, errors: {} };
