/**
 * The generation on the page: the preview call and its answer, the words and provider
 * it answered, the edits made to the preview, the composer's field errors (its own
 * checks and the server's, until the field is changed), and a rate limit's countdown.
 */
import { useEffect, useMemo, useState } from "react";
import type { LlmProvider } from "../../gql/graphql.ts";
import type { InvoiceFormValues } from "../../lib/invoice-form/form-model.ts";
import { describeFailure, type FailureView, type GenerateField } from "./generation-failure.ts";
import { previewToFormValues } from "./preview-model.ts";
import { providerName } from "./providers.ts";
import { useGeneratePreview, type GeneratedInvoice, type GenerateRequest } from "./queries.ts";
import type { GenerateSession } from "./session.ts";

/** The preview's edits, tied to the result they edit: a new result starts from its own values. */
interface Draft {
  for: GeneratedInvoice;
  values: InvoiceFormValues;
}

export type FieldErrors = Partial<Record<GenerateField, string>>;

export function useGeneration(restored: GenerateSession | null, provider: LlmProvider) {
  const generate = useGeneratePreview(restored?.result ? { status: "success", data: restored.result } : { status: "idle" });
  const [resultFor, setResultFor] = useState(restored?.resultFor ?? null);
  const [draft, setDraft] = useState<Draft | null>(restored?.result && restored.edits ? { for: restored.result, values: restored.edits } : null);
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  /** Controls changed since the last answer: its complaints about them no longer apply. */
  const [editedSince, setEditedSince] = useState<readonly GenerateField[]>([]);

  const state = generate.state;
  const result = state.status === "success" ? state.data : null;
  const failure: FailureView | null =
    state.status === "error" ? describeFailure(state.error, providerName(resultFor ? resultFor.provider : provider)) : null;
  const serverErrors = Object.fromEntries(
    Object.entries(failure?.fields ?? {}).filter(([name]) => !editedSince.includes(name as GenerateField)),
  ) as FieldErrors;
  const fieldErrors: FieldErrors = { ...serverErrors, ...localErrors };

  // The preview as edited (or as generated, until it is edited).
  const draftValues = useMemo(
    () => (result ? (draft && draft.for === result ? draft.values : previewToFormValues(result.preview)) : null),
    [result, draft],
  );
  const edited = Boolean(result && draft && draft.for === result);

  const clearField = (name: GenerateField) => {
    setLocalErrors(({ [name]: _, ...rest }) => rest);
    setEditedSince((names) => (names.includes(name) ? names : [...names, name]));
  };

  /** Drops the preview and its edits; the words stay for another try. */
  const discardResult = () => {
    generate.reset();
    setResultFor(null);
    setDraft(null);
    setEditedSince([]);
  };

  const run = (request: GenerateRequest) => {
    setResultFor({ prompt: request.prompt, provider: request.provider });
    setDraft(null);
    setEditedSince([]);
    return generate.run(request);
  };

  // Rate limited: count down the provider's Retry-After (for the provider that was refused).
  const retryUntil = state.status === "error" && failure?.retryAfterSeconds ? state.at + failure.retryAfterSeconds * 1000 : null;
  const since = state.status === "error" ? state.at : 0;
  const waitSeconds = useSecondsUntil(retryUntil, since);

  return {
    state,
    result,
    resultFor,
    failure,
    fieldErrors,
    draftValues,
    edited,
    waitSeconds: resultFor?.provider === provider ? waitSeconds : 0,
    setLocalErrors,
    clearField,
    discardResult,
    run,
    reset: generate.reset,
    editDraft: (values: InvoiceFormValues) => {
      if (result) setDraft({ for: result, values });
    },
  };
}

/** Whole seconds left until `until` (0 once passed or when null), ticking each second; `since` is when it was set. */
function useSecondsUntil(until: number | null, since: number): number {
  const [now, setNow] = useState(since);
  useEffect(() => {
    if (until === null) return;
    const timer = setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= until) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - Math.max(now, since)) / 1000));
}
