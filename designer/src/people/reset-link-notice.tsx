import type { ResetLink } from '../api/people-client';
import { formatTime } from '../app/format-time';
import { CopyField } from './copy-field';

/** A reset link just made for a person, shown this once: the admin copies it and hands it over. */
export function ResetLinkNotice({ name, link, heading, onDismiss }: { name: string; link: ResetLink; heading: string; onDismiss: () => void }) {
  return (
    <section className="one-time-notice" aria-label={`Reset link for ${name}`}>
      <h2>{heading}</h2>
      <p>
        Hand this link to <strong>{name}</strong> so they can set their password. It works once, until {formatTime(link.expiresAt)}, and is not shown again.
      </p>
      <CopyField label={`Reset link for ${name}`} value={link.url} />
      <div className="button-row">
        <button type="button" className="button" onClick={onDismiss}>
          Done
        </button>
      </div>
    </section>
  );
}
