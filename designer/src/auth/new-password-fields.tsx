import { useId } from 'react';
import { PASSWORD_MIN_LENGTH } from '../../../contracts/auth';

/** A new password and the same typed again. */
export interface NewPassword {
  password: string;
  repeated: string;
}

export const EMPTY_NEW_PASSWORD: NewPassword = { password: '', repeated: '' };

/** A new password typed twice (reset page, change-password dialog); the caller checks it with `newPasswordProblem`. */
export function NewPasswordFields({ value, disabled, onChange }: { value: NewPassword; disabled: boolean; onChange: (value: NewPassword) => void }) {
  const id = useId();
  return (
    <>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-password`}>
          New password
        </label>
        <input
          id={`${id}-password`}
          type="password"
          name="new-password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={256}
          value={value.password}
          disabled={disabled}
          aria-describedby={`${id}-hint`}
          onChange={(event) => onChange({ ...value, password: event.target.value })}
        />
        <p className="field__hint" id={`${id}-hint`}>
          At least {PASSWORD_MIN_LENGTH} characters; a few words make a good one.
        </p>
      </div>
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
