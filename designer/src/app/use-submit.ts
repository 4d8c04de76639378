import { useState } from 'react';
import { errorMessage } from '../api/client';

/**
 * A form's send: busy while it runs, and what went wrong when it fails, in the words of
 * `describe` (the API's message by default); `run` resolves true on success. `setError` shows a
 * problem found before sending (two passwords that differ).
 */
export function useSubmit(describe: (error: unknown) => string = errorMessage) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (caught) {
      setError(describe(caught));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
