/**
 * "Generate from words": describe an invoice → the server reads it (built-in
 * extractor, a hosted model with the user's own key, or an OpenAI-compatible server)
 * and answers with a preview computed by the real invoice service, nothing stored →
 * the preview is editable in place (title, due date, customer, lines) with totals
 * recomputed exactly as it is typed → "Save invoice" stores exactly what is shown,
 * "Edit all fields" opens the invoice editor prefilled with it, "Discard" drops it
 * and keeps the words.
 *
 * The API key is component state only: never in the URL, history state, the React
 * Query cache or the in-memory session kept for "Back to the preview". Only when the
 * user ticks "Remember on this device" is it kept in localStorage (key-storage.ts).
 */
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { ArrowLeftIcon, CheckIcon, EditIcon, ExternalIcon, LockIcon, SparklesIcon, XIcon } from "../../components/icons.tsx";
import { useToast } from "../../components/toast.tsx";
import { Alert, Button, ConfirmDialog, cx, Field, InputField, PageHeader, SelectField } from "../../components/ui.tsx";
import type { InvoiceOriginInput, LlmProvider } from "../../gql/graphql.ts";
import { errorMessage, humanPath, MutationError } from "../../lib/result.ts";
import { mapServerIssues, toCreateInput, type InvoiceFormValues } from "../invoices/form-model.ts";
import { safeFormatMoney } from "../invoices/money.ts";
import { useCreateInvoice } from "../invoices/queries.ts";
import { EditablePreview, MissingWarnings, ReadBy } from "./GeneratedPreview.tsx";
import { forgetKey, keySlot, loadRememberedKey, rememberKey } from "./key-storage.ts";
import {
  checkDraft,
  describeFailure,
  describeMissing,
  draftTotals,
  INLINE_FIELD,
  INLINE_MISSING,
  openMissing,
  previewToFormValues,
  settleDraft,
  type FailureView,
  type GenerateField,
} from "./preview-model.ts";
import { DEFAULT_PROVIDER, PROVIDER_GROUPS, providerName, providerOption, providerValue, VENDORS } from "./providers.ts";
import {
  savedPromptQueryOptions,
  savedPromptsQueryOptions,
  useGeneratePreview,
  type GeneratedInvoice,
  type GenerateRequest,
  type SavedPromptOption,
} from "./queries.ts";
import { clearGeneratedResult, loadGenerateSession, saveGenerateSession } from "./session.ts";

export const EXAMPLE_PROMPTS: readonly { label: string; text: string }[] = [
  {
    label: "Consulting for Acme",
    text: "Create an invoice for 10 hours of consulting at $150/hour for Acme Corp from John Smith at Smith LLC. Add 10% tax. Payment due in 30 days to Chase Bank account 1234567890.",
  },
  {
    label: "Design sprint in euros",
    text: "Invoice Globex GmbH for a 3-day design sprint at €1,200 per day and 2 hours of extra revisions at €90/hour. Add 19% VAT. Due in 14 days. Pay to IBAN DE89 3704 0044 0532 0130 00.",
  },
  {
    label: "Retainer with a discount",
    text: "Bill Initech $2,400 for the monthly website retainer and $180 for hosting, with a 5% loyalty discount. Net 15.",
  },
];

const PROMPT_MAX = 4000;

export interface GeneratePageProps {
  /** A saved prompt to start from (the route's ?promptId=<raw id>). */
  promptId?: string | undefined;
  /** The saved prompt picked on the page changed: the route keeps its URL in step. */
  onPromptIdChange?: (promptId: string | undefined) => void;
}

/** The preview's edits, tied to the result they edit: a new result starts from its own values. */
interface Draft {
  for: GeneratedInvoice;
  values: InvoiceFormValues;
}

export function GeneratePage({ promptId: requestedPromptId, onPromptIdChange }: GeneratePageProps = {}) {
  const restored = useMemo(() => loadGenerateSession(), []);
  const [prompt, setPrompt] = useState(restored?.prompt ?? "");
  const [provider, setProvider] = useState<LlmProvider>(restored?.provider ?? DEFAULT_PROVIDER);
  const initialKey = useMemo(() => loadRememberedKey(keySlot(restored?.provider ?? DEFAULT_PROVIDER)), [restored]);
  const [apiKey, setApiKey] = useState(initialKey ?? "");
  const [rememberOnDevice, setRememberOnDevice] = useState(initialKey !== null);
  const [baseUrl, setBaseUrl] = useState(restored?.baseUrl ?? "");
  const [model, setModel] = useState(restored?.model ?? "");
  const [promptId, setPromptId] = useState<string | null>(restored?.promptId ?? null);
  const [resultFor, setResultFor] = useState(restored?.resultFor ?? null);
  const [draft, setDraft] = useState<Draft | null>(restored?.result && restored.edits ? { for: restored.result, values: restored.edits } : null);
  const [localErrors, setLocalErrors] = useState<Partial<Record<GenerateField, string>>>({});
  /** Controls changed since the last answer: its complaints about them no longer apply. */
  const [editedSince, setEditedSince] = useState<readonly GenerateField[]>([]);
  const [confirmingReplace, setConfirmingReplace] = useState(false);
  const generate = useGeneratePreview(restored?.result ? { status: "success", data: restored.result } : { status: "idle" });
  const promptRef = useRef<HTMLTextAreaElement>(null);
  const keyRef = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLElement>(null);
  const keyNoteId = useId();
  const rememberId = useId();

  const option = providerOption(provider);
  const vendor = option.vendor ? VENDORS[option.vendor] : null;
  const who = providerName(provider);
  const state = generate.state;
  const result = state.status === "success" ? state.data : null;
  const failure: FailureView | null = state.status === "error" ? describeFailure(state.error, resultFor ? providerName(resultFor.provider) : who) : null;
  const serverErrors = Object.fromEntries(
    Object.entries(failure?.fields ?? {}).filter(([name]) => !editedSince.includes(name as GenerateField)),
  ) as Partial<Record<GenerateField, string>>;
  const fieldErrors = { ...serverErrors, ...localErrors };
  const clearField = (name: GenerateField) => {
    setLocalErrors(({ [name]: _, ...rest }) => rest);
    setEditedSince((names) => (names.includes(name) ? names : [...names, name]));
  };

  // The preview as edited (or as generated, until it is edited).
  const draftValues = useMemo(
    () => (result ? (draft && draft.for === result ? draft.values : previewToFormValues(result.preview)) : null),
    [result, draft],
  );
  const edited = Boolean(result && draft && draft.for === result);

  // A saved prompt asked for by the URL is applied once it is known: from the picker's
  // page of prompts, or looked up on its own when it is older than that page.
  const [pendingPromptId, setPendingPromptId] = useState<string | null>(() =>
    requestedPromptId && requestedPromptId !== restored?.promptId ? requestedPromptId : null,
  );
  const lastRequested = useRef(requestedPromptId);
  useEffect(() => {
    if (requestedPromptId === lastRequested.current) return;
    lastRequested.current = requestedPromptId;
    if (requestedPromptId && requestedPromptId !== promptId) setPendingPromptId(requestedPromptId);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the URL asks for another prompt
  }, [requestedPromptId]);

  const savedPrompts = useQuery(savedPromptsQueryOptions());
  const listed = savedPrompts.data ?? [];
  const lookupId = pendingPromptId ?? promptId;
  const lookup = useQuery({
    ...savedPromptQueryOptions(lookupId ?? ""),
    enabled: Boolean(lookupId) && !savedPrompts.isPending && !listed.some((p) => p.rawId === lookupId),
  });
  const saved: SavedPromptOption[] = lookup.data && !listed.some((p) => p.rawId === lookup.data!.rawId) ? [...listed, lookup.data] : listed;
  const [promptNotFound, setPromptNotFound] = useState(false);

  /** The saved prompt chosen on the page (or none): state, and the URL in step. */
  const selectPrompt = (rawId: string | null) => {
    setPromptId(rawId);
    setPendingPromptId(null);
    setPromptNotFound(false);
    if ((rawId ?? undefined) !== requestedPromptId) {
      lastRequested.current = rawId ?? undefined;
      onPromptIdChange?.(rawId ?? undefined);
    }
  };

  useEffect(() => {
    if (!pendingPromptId) return;
    const chosen = saved.find((p) => p.rawId === pendingPromptId);
    if (chosen) {
      setPendingPromptId(null);
      setPromptNotFound(false);
      setPrompt(chosen.text);
      setPromptId(chosen.rawId);
      setLocalErrors({});
      // A new starting point: an earlier preview no longer belongs to these words.
      if (result) discardResult();
      return;
    }
    if (lookup.isSuccess && lookup.data === null) {
      setPendingPromptId(null);
      setPromptNotFound(true);
      lastRequested.current = undefined;
      onPromptIdChange?.(undefined);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- when the prompt becomes known
  }, [pendingPromptId, saved, lookup.isSuccess, lookup.data]);

  // Keep the words, provider choice, preview and its edits (never the key) for "Back to the preview".
  useEffect(() => {
    saveGenerateSession({ prompt, provider, baseUrl, model, promptId, result, resultFor, edits: edited ? draftValues : null });
  }, [prompt, provider, baseUrl, model, promptId, result, resultFor, edited, draftValues]);

  // Rate limited: count down the provider's Retry-After.
  const [retryUntil, setRetryUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (failure?.retryAfterSeconds) setRetryUntil(Date.now() + failure.retryAfterSeconds * 1000);
    else setRetryUntil(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per failure
  }, [state]);
  useEffect(() => {
    if (retryUntil === null) return;
    setNow(Date.now());
    const timer = setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= retryUntil) setRetryUntil(null);
    }, 1000);
    return () => clearInterval(timer);
  }, [retryUntil]);
  const waitSeconds = retryUntil !== null && resultFor?.provider === provider ? Math.max(0, Math.ceil((retryUntil - now) / 1000)) : 0;

  const changeProvider = (next: LlmProvider) => {
    setProvider(next);
    setLocalErrors({});
    // A key belongs to one vendor: do not send a Gemini key to OpenAI. Each vendor's remembered key comes back with it.
    const slot = keySlot(next);
    if (slot !== keySlot(provider)) {
      const remembered = loadRememberedKey(slot);
      setApiKey(remembered ?? "");
      setRememberOnDevice(remembered !== null);
    }
  };

  const changeKey = (key: string) => {
    setApiKey(key);
    clearField("apiKey");
    const slot = keySlot(provider);
    if (rememberOnDevice && slot) rememberKey(slot, key);
  };

  const changeRemember = (remember: boolean) => {
    setRememberOnDevice(remember);
    const slot = keySlot(provider);
    if (!slot) return;
    if (remember) rememberKey(slot, apiKey);
    else forgetKey(slot);
  };

  const changePrompt = (text: string) => {
    setPrompt(text);
    clearField("prompt");
    if (promptId && text.trim() !== saved.find((p) => p.rawId === promptId)?.text.trim()) selectPrompt(null);
  };

  const applyExample = (text: string) => {
    changePrompt(text);
    if (promptId) selectPrompt(null);
    promptRef.current?.focus();
  };

  const applySaved = (rawId: string) => {
    const chosen = saved.find((p) => p.rawId === rawId);
    if (!chosen) {
      selectPrompt(null);
      return;
    }
    setPrompt(chosen.text);
    selectPrompt(chosen.rawId);
    setLocalErrors({});
  };

  /** Drops the preview and its edits; the words stay for another try. */
  function discardResult() {
    generate.reset();
    setResultFor(null);
    setDraft(null);
    setEditedSince([]);
  }

  const discard = () => {
    discardResult();
    promptRef.current?.focus();
  };

  const validate = (): Partial<Record<GenerateField, string>> => {
    const errors: Partial<Record<GenerateField, string>> = {};
    if (!prompt.trim() && !promptId) errors.prompt = "Describe the invoice first, or pick an example.";
    if (option.kind === "hosted" && !apiKey.trim()) {
      errors.apiKey = `Paste your ${vendor?.name ?? ""} API key, or choose the built-in generator.`;
    }
    if (option.kind === "compatible") {
      if (!baseUrl.trim()) errors.baseUrl = "The server's address, e.g. http://localhost:11434/v1";
      else if (!/^https?:\/\/\S+$/i.test(baseUrl.trim())) errors.baseUrl = "Must start with http:// or https://";
      if (!model.trim()) errors.model = "The model name, e.g. llama3.1";
    }
    return errors;
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const errors = validate();
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) {
      if (errors.prompt) promptRef.current?.focus();
      else if (errors.apiKey) keyRef.current?.focus();
      return;
    }
    // A new preview replaces the edited one: ask first, as Discard does.
    if (edited) {
      setConfirmingReplace(true);
      return;
    }
    await run();
  };

  const run = async () => {
    const request: GenerateRequest = { prompt, provider, apiKey, baseUrl, model, promptId };
    setResultFor({ prompt, provider });
    setDraft(null);
    setEditedSince([]);
    const data = await generate.run(request);
    if (data && typeof window !== "undefined" && window.matchMedia?.("(max-width: 1180px)").matches) {
      resultRef.current?.scrollIntoView?.({ behavior: "smooth", block: "start" });
    }
  };

  const onPromptKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      void submit();
    }
  };

  const stale = Boolean(result && resultFor && (resultFor.prompt.trim() !== prompt.trim() || resultFor.provider !== provider));
  const pending = state.status === "pending";

  return (
    <div className="generate-page">
      <PageHeader
        back={
          <Link to="/invoices" className="back-link">
            <ArrowLeftIcon /> Invoices
          </Link>
        }
        title={
          <span className="title-with-icon">
            <span className="title-icon" aria-hidden="true">
              <SparklesIcon width={20} height={20} />
            </span>
            Generate from words
          </span>
        }
        subtitle="Describe the invoice the way you would say it. You see it, with every total worked out exactly, before anything is saved."
      />

      <ol className="steps" aria-label="Steps">
        <li className={cx("step", !result && "is-current", result && "is-done")} aria-current={result ? undefined : "step"}>
          <span className="step-dot">{result ? <CheckIcon width={13} height={13} /> : "1"}</span> Describe
        </li>
        <li className={cx("step", result && "is-current")} aria-current={result ? "step" : undefined}>
          <span className="step-dot">2</span> Preview
        </li>
        <li className="step">
          <span className="step-dot">3</span> Save
        </li>
      </ol>

      <div className="generate-layout">
        <form className="card composer" onSubmit={submit} noValidate aria-label="What to generate">
          <div className="card-body">
            <Field label="Describe the invoice" error={fieldErrors.prompt} hint="Who it is for, what you did and at what price. Taxes, discounts, due date and how to pay, if you like.">
              {({ id, describedBy, invalid }) => (
                <textarea
                  ref={promptRef}
                  id={id}
                  className="input textarea prompt-input"
                  rows={7}
                  maxLength={PROMPT_MAX}
                  placeholder="e.g. 10 hours of consulting at $150/hour for Acme Corp, plus 10% tax, due in 30 days."
                  value={prompt}
                  onChange={(event) => changePrompt(event.target.value)}
                  onKeyDown={onPromptKey}
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                  spellCheck
                />
              )}
            </Field>

            <div className="examples">
              <span className="examples-label">Try an example</span>
              <div className="examples-list">
                {EXAMPLE_PROMPTS.map((example) => (
                  <button
                    key={example.label}
                    type="button"
                    className={cx("example-chip", prompt === example.text && "is-selected")}
                    onClick={() => applyExample(example.text)}
                    title={example.text}
                    aria-label={`Example: ${example.label}`}
                  >
                    {example.label}
                  </button>
                ))}
              </div>
            </div>

            {saved.length > 0 || promptId ? (
              <SelectField
                label="Or start from a saved prompt"
                value={promptId ?? ""}
                onChange={(event) => applySaved(event.target.value)}
                error={fieldErrors.promptId}
                hint={promptId ? "The invoice is generated from this saved prompt's words." : undefined}
              >
                <option value="">Choose a saved prompt…</option>
                {saved.map((p) => (
                  <option key={p.rawId} value={p.rawId}>
                    {p.text.length > 90 ? `${p.text.slice(0, 89)}…` : p.text}
                  </option>
                ))}
              </SelectField>
            ) : null}
            {promptNotFound ? (
              <Alert tone="warning" title="That saved prompt was not found">
                It may have been deleted. Describe the invoice, or pick another prompt.
              </Alert>
            ) : null}

            <div className="composer-divider" role="presentation" />

            <SelectField label="Who reads it" value={provider} onChange={(event) => changeProvider(event.target.value as LlmProvider)}>
              {PROVIDER_GROUPS.map((group) => (
                <optgroup key={group.label} label={group.label}>
                  {group.options.map((p) => (
                    <option key={p.value} value={p.value}>
                      {p.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </SelectField>

            {option.kind === "offline" ? (
              <p className="provider-note">
                <CheckIcon width={15} height={15} />
                <span>
                  Runs on your Invobi server: no key, nothing leaves it. It understands everyday phrasing; for free-form
                  text, a model reads more.
                </span>
              </p>
            ) : null}

            {option.kind === "compatible" ? (
              <div className="grid grid-2 gap-sm">
                <InputField
                  label="Base URL"
                  type="url"
                  inputMode="url"
                  placeholder="http://localhost:11434/v1"
                  value={baseUrl}
                  onChange={(event) => {
                    setBaseUrl(event.target.value);
                    clearField("baseUrl");
                  }}
                  error={fieldErrors.baseUrl}
                  autoComplete="off"
                  spellCheck={false}
                />
                <InputField
                  label="Model"
                  placeholder="llama3.1"
                  value={model}
                  onChange={(event) => {
                    setModel(event.target.value);
                    clearField("model");
                  }}
                  error={fieldErrors.model}
                  autoComplete="off"
                  spellCheck={false}
                />
              </div>
            ) : null}

            {option.kind !== "offline" ? (
              <div className="key-field">
                <Field label={option.kind === "compatible" ? "API key (optional)" : `${vendor?.name ?? ""} API key`} error={fieldErrors.apiKey}>
                  {({ id, describedBy, invalid }) => (
                    <input
                      ref={keyRef}
                      id={id}
                      className="input"
                      type="password"
                      placeholder={vendor?.placeholder ?? "Only if your server needs one"}
                      value={apiKey}
                      onChange={(event) => changeKey(event.target.value)}
                      aria-describedby={[describedBy, keyNoteId].filter(Boolean).join(" ")}
                      aria-invalid={invalid || undefined}
                      autoComplete="off"
                      spellCheck={false}
                      data-1p-ignore=""
                      data-lpignore="true"
                    />
                  )}
                </Field>
                <label className="check key-remember" htmlFor={rememberId}>
                  <input
                    id={rememberId}
                    type="checkbox"
                    checked={rememberOnDevice}
                    onChange={(event) => changeRemember(event.target.checked)}
                    aria-describedby={keyNoteId}
                  />
                  <span>Remember on this device</span>
                </label>
                <p className="key-note" id={keyNoteId}>
                  <LockIcon width={14} height={14} />
                  <span>
                    Sent only to your Invobi server, with each preview, to call {vendor ? vendor.name : "your model server"}.{" "}
                    {rememberOnDevice
                      ? "Saved in this browser and filled in next time: anyone using this browser profile can read it. Untick to delete it now."
                      : "Never stored: not in this browser, not on the server, not in the URL."}
                    {vendor ? (
                      <>
                        {" "}
                        <a href={vendor.keyUrl} target="_blank" rel="noreferrer noopener">
                          Get a key from {vendor.name} <ExternalIcon width={12} height={12} />
                        </a>
                      </>
                    ) : null}
                  </span>
                </p>
              </div>
            ) : null}

            <div className="composer-footer">
              <Button type="submit" variant="primary" className="btn-lg" busy={pending} disabled={waitSeconds > 0} icon={<SparklesIcon />}>
                {pending ? "Reading your words…" : waitSeconds > 0 ? `Try again in ${waitSeconds} s` : result ? "Preview again" : "Preview invoice"}
              </Button>
              <p className="composer-note">
                <kbd>Ctrl</kbd>
                <span aria-hidden="true">+</span>
                <kbd>Enter</kbd> previews. Nothing is saved until you save the invoice.
              </p>
            </div>
          </div>
        </form>

        <section className="generate-result" ref={resultRef} aria-label="Preview" aria-busy={pending || undefined}>
          <ResultPanel
            state={state.status}
            result={result}
            failure={failure}
            stale={stale}
            prompt={resultFor?.prompt ?? prompt}
            promptId={promptId}
            values={draftValues}
            edited={edited}
            onEdit={(values) => result && setDraft({ for: result, values })}
            onDiscard={discard}
            onUseOffline={
              failure?.suggestOffline && provider !== "OFFLINE"
                ? () => {
                    changeProvider("OFFLINE");
                    generate.reset();
                  }
                : undefined
            }
          />
        </section>
      </div>
      <ConfirmDialog
        open={confirmingReplace}
        onClose={() => setConfirmingReplace(false)}
        title="Replace your edited preview?"
        keepLabel="Keep my edits"
        confirmLabel="Preview again"
        confirmVariant="primary"
        busy={false}
        onConfirm={() => {
          setConfirmingReplace(false);
          void run();
        }}
      >
        <p>A new preview is read from your words again; the changes you made to this one are lost.</p>
      </ConfirmDialog>
    </div>
  );
}

function ResultPanel({
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

/** Inline fields in the order they appear, for focusing the first one with a problem. */
function fieldOrder(name: string): number {
  const item = /^items\.(\d+)\.(\w+)$/.exec(name);
  if (item) return 10 + Number(item[1]) * 3 + ["description", "quantity", "unitPrice"].indexOf(item[2]!);
  return ["title", "dueAt", "customer.name"].indexOf(name);
}

const describeField = (name: string, message: string) => `${humanPath(name.split("."))}: ${message}`;

function PreviewPanel({
  data,
  values,
  edited,
  onEdit,
  onDiscard,
  stale,
  prompt,
  origin,
}: {
  data: GeneratedInvoice;
  values: InvoiceFormValues;
  edited: boolean;
  onEdit: (values: InvoiceFormValues) => void;
  onDiscard: () => void;
  stale: boolean;
  prompt: string;
  origin: InvoiceOriginInput;
}) {
  const navigate = useNavigate();
  const toast = useToast();
  const create = useCreateInvoice();
  const fields = useRef(new Map<string, HTMLElement>());
  /** After a refused save, every problem shows on its field (empty required fields too), and keeps updating. */
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  /** Problems the preview has no field for: the full editor does. */
  const [elsewhere, setElsewhere] = useState<string[]>([]);
  const [createError, setCreateError] = useState<string | null>(null);
  const [confirmingDiscard, setConfirmingDiscard] = useState(false);

  const live = useMemo(() => draftTotals(values), [values]);
  const problems = useMemo(() => (attempted ? checkDraft(values) : null), [attempted, values]);
  const open = openMissing(data.missing, data.preview, values);
  const notes = open.map((path) => describeMissing(path, data.preview));
  const needsEditor = open.some((path) => !INLINE_MISSING.includes(path));
  const errorFor = (name: string) => serverErrors[name] ?? live.fieldErrors[name] ?? problems?.fields[name];

  const change = (next: InvoiceFormValues, what: { field?: string; lines?: boolean }) => {
    onEdit(next);
    // Server messages are about what was sent: gone once the field (or the lines' positions) changed.
    if (what.lines) setServerErrors({});
    else if (what.field && serverErrors[what.field]) setServerErrors(({ [what.field!]: _, ...rest }) => rest);
  };

  const focusFirst = (names: readonly string[]) => {
    const first = [...names].sort((a, b) => fieldOrder(a) - fieldOrder(b))[0];
    if (first) fields.current.get(first)?.focus();
  };

  const openEditor = (from: InvoiceFormValues = settleDraft(values)) =>
    navigate({
      to: "/invoices/new",
      state: {
        generatedDraft: {
          values: from,
          missing: openMissing(data.missing, data.preview, from),
          prompt,
          providerName: providerName(data.provider),
          origin,
        },
      },
    });

  const save = async () => {
    setCreateError(null);
    const settled = settleDraft(values);
    if (settled !== values) onEdit(settled);
    const check = checkDraft(settled);
    const liveNow = draftTotals(settled);
    const all = { ...check.fields, ...liveNow.fieldErrors };
    const inline = Object.keys(all).filter((name) => INLINE_FIELD.test(name));
    const other = [
      ...Object.entries(all)
        .filter(([name]) => !INLINE_FIELD.test(name))
        .map(([name, message]) => describeField(name, message)),
      ...check.general,
      ...(liveNow.problem && Object.keys(all).length === 0 && check.general.length === 0 ? [liveNow.problem] : []),
    ];
    if (inline.length > 0 || other.length > 0) {
      setAttempted(true);
      setElsewhere(other);
      focusFirst(inline);
      return;
    }
    setElsewhere([]);
    const plan = toCreateInput(settled);
    try {
      const invoice = await create.mutateAsync({ input: plan.input, origin });
      clearGeneratedResult();
      toast.show(`${invoice.number} created`);
      await navigate({ to: "/invoices/$invoiceId", params: { invoiceId: invoice.rawId } });
    } catch (error) {
      if (error instanceof MutationError && error.typename === "ValidationError" && error.issues.length > 0) {
        const mapped = mapServerIssues(error.issues, plan.fieldFor);
        const onFields = mapped.fields.filter((field) => INLINE_FIELD.test(field.name));
        setServerErrors(Object.fromEntries(onFields.map((field) => [field.name, field.message])));
        const rest = [...mapped.fields.filter((field) => !INLINE_FIELD.test(field.name)).map((field) => describeField(field.name, field.message)), ...mapped.general];
        if (rest.length > 0) setCreateError(rest.join("; "));
        focusFirst(onFields.map((field) => field.name));
      } else {
        setCreateError(errorMessage(error));
      }
    }
  };

  const total = live.totals ? live.totals.totalMinor : null;
  const totalText = total === null ? null : safeFormatMoney(total, live.currency, values.locale);

  return (
    <div className="result-preview">
      <div className="result-head">
        <ReadBy data={data} />
        <p className="sr-only" role="status">
          {totalText ? (edited ? `Total ${totalText}` : `Preview ready: total ${totalText}`) : "Preview ready"}
        </p>
      </div>
      {stale ? (
        <Alert tone="info">
          You changed the description or the provider since this preview. <strong>Preview again</strong> to update it
          {edited ? " (you are asked before your edits here are replaced)" : ""}.
        </Alert>
      ) : null}
      <MissingWarnings notes={notes} />
      <EditablePreview data={data} values={values} live={live} errorFor={errorFor} onChange={change} fields={fields} stale={stale} />
      {elsewhere.length > 0 ? (
        <Alert
          title="Some details need the full editor"
          action={
            <Button size="sm" onClick={() => void openEditor()}>
              Open in the editor
            </Button>
          }
        >
          <ul className="plain-list">
            {elsewhere.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {createError ? (
        <Alert title="The invoice could not be saved" action={<Button size="sm" onClick={() => void openEditor()}>Open in the editor</Button>}>
          {createError}
        </Alert>
      ) : null}
      <div className="result-actions">
        <Button variant={needsEditor ? "secondary" : "primary"} className="btn-lg" icon={<CheckIcon />} busy={create.isPending} onClick={() => void save()}>
          Save invoice
        </Button>
        <Button variant={needsEditor ? "primary" : "secondary"} className="btn-lg" icon={<EditIcon />} onClick={() => void openEditor()}>
          Edit all fields
        </Button>
        <Button variant="ghost" className="btn-lg result-discard" icon={<XIcon />} onClick={() => (edited ? setConfirmingDiscard(true) : onDiscard())}>
          Discard
        </Button>
        <p className="result-actions-note">
          {needsEditor
            ? "Fill in what it couldn't read with Edit all fields, or save it now and edit it later."
            : "Saved as a draft, exactly as shown. Edit all fields for the parties, dates, taxes and notes."}
        </p>
      </div>
      <ConfirmDialog
        open={confirmingDiscard}
        onClose={() => setConfirmingDiscard(false)}
        title="Discard this preview and your edits?"
        keepLabel="Keep editing"
        confirmLabel="Discard"
        busy={false}
        onConfirm={() => {
          setConfirmingDiscard(false);
          onDiscard();
        }}
      >
        <p>Your words stay in the box, so you can preview again.</p>
      </ConfirmDialog>
    </div>
  );
}
