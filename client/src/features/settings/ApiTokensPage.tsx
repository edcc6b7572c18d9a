import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { AlertIcon, CheckIcon, CopyIcon, KeyIcon } from "../../components/icons.tsx";
import { useToast } from "../../components/toast.tsx";
import { Alert, Button, Card, ConfirmDialog, EmptyState, InputField, PageHeader, PageLoader } from "../../components/ui.tsx";
import type { ApiTokenFieldsFragment, Permission } from "../../gql/graphql.ts";
import { formatDateTime } from "../../lib/dates.ts";
import { errorMessage, MutationError } from "../../lib/result.ts";
import { apiTokensQueryOptions, useCreateApiToken, useRevokeApiToken } from "./queries.ts";

const PERMISSION_LABELS: Record<Permission, string> = { READ: "Read", WRITE: "Write", ADMIN: "Admin" };

export function ApiTokensPage() {
  const tokens = useQuery(apiTokensQueryOptions());
  const [created, setCreated] = useState<{ secret: string; name: string } | null>(null);
  const active = tokens.data?.filter((token) => !token.revokedAt) ?? [];
  const revoked = tokens.data?.filter((token) => token.revokedAt) ?? [];
  return (
    <>
      <PageHeader title="API tokens" subtitle="Let scripts and other apps use the REST and GraphQL APIs as you." />
      <div className="stack-lg">
        {created ? <NewSecret secret={created.secret} name={created.name} onDone={() => setCreated(null)} /> : <CreateTokenForm onCreated={setCreated} />}

        <Card title="Your tokens">
          {tokens.isPending ? (
            <PageLoader label="Loading tokens" />
          ) : tokens.error ? (
            <Alert>{errorMessage(tokens.error)}</Alert>
          ) : active.length + revoked.length === 0 ? (
            <EmptyState icon={<KeyIcon width={26} height={26} />} title="No tokens yet">
              <p>
                Send a token as <code>Authorization: Bearer inv_…</code> to <code>/api/v1</code> or <code>/graphql</code>.
              </p>
            </EmptyState>
          ) : (
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Token</th>
                    <th scope="col">Permissions</th>
                    <th scope="col" className="hide-sm">Created</th>
                    <th scope="col">Last used</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...active, ...revoked].map((token) => (
                    <TokenRow key={token.id} token={token} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
    </>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (created: { secret: string; name: string }) => void }) {
  const create = useCreateApiToken();
  const [name, setName] = useState("");
  const [read, setRead] = useState(true);
  const [write, setWrite] = useState(false);
  const [admin, setAdmin] = useState(false);
  const [error, setError] = useState<{ name?: string; permissions?: string; general?: string }>({});

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const next: typeof error = {};
    if (!name.trim()) next.name = "Give the token a name you will recognise";
    if (!read && !write && !admin) next.permissions = "Choose at least one permission";
    setError(next);
    if (Object.keys(next).length) return;
    const permissions: Permission[] = [...(read ? (["READ"] as const) : []), ...(write ? (["WRITE"] as const) : []), ...(admin ? (["ADMIN"] as const) : [])];
    try {
      const result = await create.mutateAsync({ name: name.trim(), permissions });
      onCreated({ secret: result.secret, name: result.apiToken.name });
      setName("");
    } catch (caught) {
      if (caught instanceof MutationError && caught.issues.length) {
        const byField: typeof error = {};
        for (const issue of caught.issues) {
          const field = issue.path[0] === "permissions" ? "permissions" : issue.path[0] === "name" ? "name" : "general";
          byField[field] = issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
        }
        setError(byField);
      } else setError({ general: errorMessage(caught) });
    }
  };

  return (
    <Card title="Create a token">
      <form className="token-form" onSubmit={submit} noValidate>
        {error.general ? <Alert>{error.general}</Alert> : null}
        <InputField label="Name" placeholder="e.g. Accounting export" value={name} maxLength={100} onChange={(event) => setName(event.target.value)} error={error.name} />
        <fieldset className="permissions" aria-describedby={error.permissions ? "perm-error" : undefined}>
          <legend className="field-label">Permissions</legend>
          <label className="check">
            <input type="checkbox" checked={read} onChange={(event) => setRead(event.target.checked)} />
            <span>
              <strong>Read</strong>
              <span className="muted small"> — list and fetch invoices and prompts</span>
            </span>
          </label>
          <label className="check">
            <input type="checkbox" checked={write} onChange={(event) => setWrite(event.target.checked)} />
            <span>
              <strong>Write</strong>
              <span className="muted small"> — create, change and delete them</span>
            </span>
          </label>
          <label className="check">
            <input type="checkbox" checked={admin} onChange={(event) => setAdmin(event.target.checked)} />
            <span>
              <strong>Admin</strong>
              <span className="muted small"> — create and revoke tokens (never with more than its own permissions)</span>
            </span>
          </label>
          {error.permissions ? (
            <p className="field-error" id="perm-error" role="alert">
              {error.permissions}
            </p>
          ) : null}
        </fieldset>
        <div>
          <Button type="submit" variant="primary" busy={create.isPending} icon={<KeyIcon />}>
            Create token
          </Button>
        </div>
      </form>
    </Card>
  );
}

function NewSecret({ secret, name, onDone }: { secret: string; name: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      const input = document.getElementById("new-token-secret") as HTMLInputElement | null;
      input?.select();
    }
  };
  return (
    <section className="secret-card" aria-labelledby="secret-title">
      <h2 id="secret-title" className="card-title">
        Token “{name}” created
      </h2>
      <div className="secret-warning">
        <AlertIcon />
        <p>
          <strong>Copy it now.</strong> This is the only time the full token is shown; Invobi stores only a hash of it.
        </p>
      </div>
      <div className="secret-row">
        <label htmlFor="new-token-secret" className="sr-only">
          New API token
        </label>
        <input id="new-token-secret" className="input mono" readOnly value={secret} onFocus={(event) => event.currentTarget.select()} />
        <Button variant="primary" icon={copied ? <CheckIcon /> : <CopyIcon />} onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <div className="row justify-end">
        <Button onClick={onDone}>I have stored it</Button>
      </div>
    </section>
  );
}

function TokenRow({ token }: { token: ApiTokenFieldsFragment }) {
  const revoke = useRevokeApiToken();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const isRevoked = Boolean(token.revokedAt);
  return (
    <tr className={isRevoked ? "is-muted" : undefined}>
      <td className="cell-strong">{token.name}</td>
      <td>
        <code>inv_{token.prefix}_…</code>
      </td>
      <td>
        <span className="badges">
          {token.permissions.map((permission) => (
            <span key={permission} className={`badge badge-perm-${permission.toLowerCase()}`}>
              {PERMISSION_LABELS[permission]}
            </span>
          ))}
        </span>
      </td>
      <td className="hide-sm nowrap">{formatDateTime(token.createdAt)}</td>
      <td className="nowrap">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : <span className="muted">Never</span>}</td>
      <td className="num">
        {isRevoked ? (
          <span className="badge badge-cancelled">Revoked</span>
        ) : (
          <>
            <Button size="sm" variant="danger" onClick={() => setConfirming(true)}>
              Revoke
            </Button>
            <ConfirmDialog
              open={confirming}
              onClose={() => setConfirming(false)}
              tone="danger"
              title={`Revoke “${token.name}”?`}
              keepLabel="Keep it"
              confirmLabel="Revoke token"
              busy={revoke.isPending}
              onConfirm={async () => {
                try {
                  await revoke.mutateAsync(token.id);
                  setConfirming(false);
                  toast.show("Token revoked");
                } catch (error) {
                  toast.show(errorMessage(error), "error");
                }
              }}
            >
              <p>Anything using this token stops working immediately. This cannot be undone.</p>
            </ConfirmDialog>
          </>
        )}
      </td>
    </tr>
  );
}
