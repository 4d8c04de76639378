import { PASSWORD_MIN_LENGTH } from '../../../contracts/auth';

/** A new password and the same typed again. */
export interface NewPassword {
  password: string;
  repeated: string;
}

export const EMPTY_NEW_PASSWORD: NewPassword = { password: '', repeated: '' };

/** A new password typed twice (reset page, change-password dialog); the caller checks it with `newPasswordProblem`. */
export function NewPasswordFields({ value, disabled, onChange }: { value: NewPassword; disabled: boolean; onChange: (value: NewPassword) => void }) {
  return (
    <>
      <label className="field">
        <span className="field__label">New password</span>
        <input
          type="password"
          name="new-password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={256}
          value={value.password}
          disabled={disabled}
          onChange={(event) => onChange({ ...value, password: event.target.value })}
        />
        <span className="field__hint">At least {PASSWORD_MIN_LENGTH} characters; a few words make a good one.</span>
      </label>
      <label className="field">
        <span className="field__label">New password again</span>
        <input
          type="password"
          name="repeat-password"
          autoComplete="new-password"
          required
          maxLength={256}
          value={value.repeated}
          disabled={disabled}
          onChange={(event) => onChange({ ...value, repeated: event.target.value })}
        />
      </label>
    </>
  );
}
