import { useState } from 'react';
import type { Role } from '../../../contracts/permissions';
import { peopleApi, type ApiToken, type CreatedApiToken } from '../api/people-client';
import { FormError } from '../app/form-error';
import { formatTime } from '../app/format-time';
import { LoadStatus } from '../app/load-status';
import { ROLE_LABELS } from '../auth/roles';
import { useLoaded } from '../contacts/use-loaded';
import { AddForm } from './add-form';
import { CopyField } from './copy-field';
import { InlineConfirm } from './inline-confirm';
import { mergeById, withChange } from './merge-by-id';
import { NONE, RoleSelect, StoreSelect, idOrNull } from './org-selects';
import { storeName, type Org } from './use-org';
import { useSubmit } from '../app/use-submit';

/**
 * API tokens for integrations: each acts as a role (and optionally within one store), is sent
 * as `Authorization: Bearer <secret>`, and is shown once when created: the server keeps only a hash.
 */
export function TokensTab({ org }: { org: Org }) {
  const listing = useLoaded(() => peopleApi.listTokens(), []);
  const [changed, setChanged] = useState<ReadonlyMap<string, ApiToken>>(new Map());
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const remember = (token: ApiToken) => setChanged((before) => withChange(before, token));
  // Newest first, like the list the server sends, with the ones made here on top.
  const tokens = mergeById(listing.status === 'ready' ? listing.value.items : [], changed).sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  return (
    <>
      <TokenCreateForm
        org={org}
        onCreated={(token) => {
          remember(token.token);
          setCreated(token);
        }}
      />
      {created && (
        <section className="one-time-notice" aria-label={`Secret of ${created.token.name}`}>
          <h2>Token “{created.token.name}” is created</h2>
          <p className="one-time-notice__warning">
            <strong>Copy the secret now: this is the only time it is shown.</strong> Store it where the integration keeps its secrets; if it is lost, revoke the token and create a new one.
          </p>
          <CopyField label={`Secret of ${created.token.name}`} value={created.secret} />
          <div className="button-row">
            <button type="button" className="button" onClick={() => setCreated(null)}>
              I have stored it
            </button>
          </div>
        </section>
      )}
      <LoadStatus loaded={listing} what="the tokens" />
      {listing.status === 'ready' && tokens.length === 0 && <p className="muted">No API tokens yet.</p>}
      {tokens.length > 0 && (
        <table className="table people-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Prefix</th>
              <th scope="col">Role</th>
              <th scope="col">Store</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <TokenRow key={token.id} token={token} org={org} onRevoked={remember} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function TokenCreateForm({ org, onCreated }: { org: Org; onCreated: (token: CreatedApiToken) => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('designer');
  const [storeId, setStoreId] = useState(NONE);
  const { busy, error, run } = useSubmit();

  const submit = async () => {
    const made = await run(async () => onCreated(await peopleApi.createToken({ name: name.trim(), role, storeId: idOrNull(storeId) })));
    if (made) setName('');
  };

  return (
    <AddForm title="New API token" submitLabel="Create token" busyLabel="Creating…" busy={busy} error={error} onSubmit={submit}>
        <input aria-label="Token name" placeholder="What uses it, e.g. ERP sync" required maxLength={200} value={name} disabled={busy} onChange={(event) => setName(event.target.value)} />
        <RoleSelect label="Token role" value={role} onChange={setRole} disabled={busy} />
        <StoreSelect label="Token store" org={org} value={storeId} onChange={setStoreId} disabled={busy} />
    </AddForm>
  );
}

/** A token revoked stays listed (the audit log names it), greyed, with when it stopped working. */
function TokenRow({ token, org, onRevoked }: { token: ApiToken; org: Org; onRevoked: (token: ApiToken) => void }) {
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useSubmit();

  const revoke = () =>
    run(async () => {
      await peopleApi.revokeToken(token.id);
      // The API answers 204: the row is marked revoked now, the exact time comes with the next load.
      onRevoked({ ...token, revokedAt: new Date().toISOString() });
    });

  return (
    <tr className={token.revokedAt ? 'people-row--disabled' : undefined} aria-label={token.name}>
      <td>{token.name}</td>
      <td>
        <code>{token.prefix}…</code>
      </td>
      <td>{ROLE_LABELS[token.role]}</td>
      <td>{storeName(org, token.storeId)}</td>
      <td className="table__time">{formatTime(token.createdAt)}</td>
      <td className="table__time">{token.lastUsedAt ? formatTime(token.lastUsedAt) : <span className="muted">Never</span>}</td>
      <td>
        {token.revokedAt ? (
          <span className="status-pill people-status--disabled">Revoked {formatTime(token.revokedAt)}</span>
        ) : (
          <span className="status-pill people-status--active">Active</span>
        )}
      </td>
      <td className="people-actions">
        {!token.revokedAt && !confirming && (
          <button type="button" className="button button--small button--danger" onClick={() => setConfirming(true)}>
            Revoke
          </button>
        )}
        {!token.revokedAt && confirming && (
          <InlineConfirm
            question={`Revoke “${token.name}”? Whatever uses it is refused from now on.`}
            confirmLabel="Revoke"
            busy={busy}
            onConfirm={() => void revoke()}
            onCancel={() => setConfirming(false)}
          />
        )}
        <FormError message={error} />
      </td>
    </tr>
  );
}
