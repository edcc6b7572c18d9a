/** The right of the generate page: what to expect, the skeleton while reading, a failure, or the editable preview. */
import { CheckIcon } from "../../components/icons.tsx";
import { Alert, Button } from "../../components/ui.tsx";
import type { InvoiceFormValues } from "../../lib/invoice-form/form-model.ts";
import type { FailureView } from "./generation-failure.ts";
import { PreviewPanel, type CreateInvoice } from "./PreviewPanel.tsx";
import { providerValue } from "./providers.ts";
import type { GeneratedInvoice } from "./queries.ts";

export function ResultPanel({
  state,
  result,
  failure,
  stale,
  prompt,
  promptId,
  values,
  edited,
  onEdit,
  onDiscard,
  onUseOffline,
  createInvoice,
}: {
  state: "idle" | "pending" | "success" | "error";
  result: GeneratedInvoice | null;
  failure: FailureView | null;
  stale: boolean;
  prompt: string;
  promptId: string | null;
  values: InvoiceFormValues | null;
  edited: boolean;
  onEdit: (values: InvoiceFormValues) => void;
  onDiscard: () => void;
  onUseOffline: (() => void) | undefined;
  createInvoice: CreateInvoice;
}) {
  if (state === "pending") return <PreviewSkeleton />;
  if (failure) return <FailurePanel failure={failure} onUseOffline={onUseOffline} />;
  if (result && values) {
    const origin = { promptText: prompt, promptId, llmProvider: providerValue(result.provider) };
    return (
      <PreviewPanel
        key={resultKey(result)}
        data={result}
        values={values}
        edited={edited}
        onEdit={onEdit}
        onDiscard={onDiscard}
        stale={stale}
        prompt={prompt}
        origin={origin}
        createInvoice={createInvoice}
      />
    );
  }
  return <IdlePanel />;
}

/** A new result gets a fresh preview panel (its checks and server messages belong to the old one). */
const resultKeys = new WeakMap<GeneratedInvoice, number>();
let lastResultKey = 0;
function resultKey(result: GeneratedInvoice): number {
  let key = resultKeys.get(result);
  if (key === undefined) resultKeys.set(result, (key = ++lastResultKey));
  return key;
}

function IdlePanel() {
  return (
    <div className="result-idle">
      <div className="ghost-paper" aria-hidden="true">
        <span className="ghost-line w40" />
        <span className="ghost-line w25" />
        <span className="ghost-gap" />
        <span className="ghost-line w60" />
        <span className="ghost-line w50" />
        <span className="ghost-line w55" />
        <span className="ghost-gap" />
        <span className="ghost-total" />
      </div>
      <h2 className="result-idle-title">Your invoice appears here</h2>
      <ul className="how-list">
        <li>
          <CheckIcon width={15} height={15} /> Amounts, taxes and dates are worked out by Invobi, never guessed by a model.
        </li>
        <li>
          <CheckIcon width={15} height={15} /> Anything it couldn't read is pointed out, not made up.
        </li>
        <li>
          <CheckIcon width={15} height={15} /> Check it, change it right there if you like, then save it.
        </li>
      </ul>
    </div>
  );
}

function PreviewSkeleton() {
  return (
    <div className="paper skeleton-paper" role="status" aria-label="Reading your words…">
      <div className="skeleton-row">
        <span className="sk w30 tall" />
        <span className="sk w20" />
      </div>
      <div className="skeleton-row">
        <span className="sk w35" />
        <span className="sk w35" />
      </div>
      <span className="sk w100" />
      <span className="sk w90" />
      <span className="sk w70" />
      <div className="skeleton-row end">
        <span className="sk w40 tall" />
      </div>
    </div>
  );
}

function FailurePanel({ failure, onUseOffline }: { failure: FailureView; onUseOffline: (() => void) | undefined }) {
  const onlyFields = !failure.message && !failure.missing?.length && failure.fields && Object.keys(failure.fields).length > 0;
  return (
    <div className="result-failure" data-testid="generation-error">
      <Alert
        tone={failure.missing ? "warning" : "error"}
        title={failure.title}
        action={
          onUseOffline ? (
            <Button size="sm" onClick={onUseOffline}>
              Use the built-in generator
            </Button>
          ) : undefined
        }
      >
        {failure.message && !failure.missing ? <p className="failure-message">{failure.message}</p> : null}
        {failure.missing && failure.missing.length > 0 ? (
          <ul className="plain-list">
            {failure.missing.map((note) => (
              <li key={note.path}>
                <strong>{note.label.charAt(0).toUpperCase() + note.label.slice(1)}</strong>
                {note.detail ? ` — ${note.detail}` : ""}
              </li>
            ))}
          </ul>
        ) : null}
        {failure.hint ? <p className="failure-hint">{failure.hint}</p> : null}
        {onlyFields ? <p className="failure-hint">The fields on the left say what to change.</p> : null}
      </Alert>
    </div>
  );
}
