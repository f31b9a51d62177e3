/** The current and new password inputs of both password-change forms (account page and first sign-in). */
export function PasswordFields({ currentLabel }: { currentLabel: string }) {
  return (
    <>
      <label>
        {currentLabel}
        <input type="password" name="current" autoComplete="current-password" required maxLength={200} />
      </label>
      <label>
        New password (at least 10 characters)
        <input type="password" name="password" autoComplete="new-password" required minLength={10} maxLength={200} />
      </label>
    </>
  );
}
