/**
 * "Generate from words": describe an invoice → the server reads it (built-in
 * extractor, a hosted model with the user's own key, or an OpenAI-compatible server)
 * and answers with a preview computed by the real invoice service, nothing stored →
 * "Create invoice" stores exactly that preview, or "Edit before creating" opens the
 * invoice editor prefilled with it.
 *
 * The API key is component state only: never in storage, the URL, history state, the
 * React Query cache or the in-memory session kept for "Back to the preview".
 */
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { ArrowLeftIcon, CheckIcon, EditIcon, ExternalIcon, LockIcon, SparklesIcon } from "../../components/icons.tsx";
import { useToast } from "../../components/toast.tsx";
import { Alert, Button, cx, Field, InputField, PageHeader, SelectField } from "../../components/ui.tsx";
import type { InvoiceOriginInput, LlmProvider } from "../../gql/graphql.ts";
import { errorMessage } from "../../lib/result.ts";
import { toCreateInput } from "../invoices/form-model.ts";
import { useCreateInvoice } from "../invoices/queries.ts";
import { GeneratedPreview, MissingWarnings, ReadBy } from "./GeneratedPreview.tsx";
import { describeFailure, describeMissing, previewToFormValues, type FailureView, type GenerateField } from "./preview-model.ts";
import { DEFAULT_PROVIDER, PROVIDER_GROUPS, providerName, providerOption, providerValue, VENDORS } from "./providers.ts";
import { savedPromptsQueryOptions, useGeneratePreview, type GeneratedInvoice, type GenerateRequest } from "./queries.ts";
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

export function GeneratePage() {
  const restored = useMemo(() => loadGenerateSession(), []);
  const [prompt, setPrompt] = useState(restored?.prompt ?? "");
  const [provider, setProvider] = useState<LlmProvider>(restored?.provider ?? DEFAULT_PROVIDER);
  const [apiKey, setApiKey] = useState("");
  const [baseUrl, setBaseUrl] = useState(restored?.baseUrl ?? "");
  const [model, setModel] = useState(restored?.model ?? "");
  const [promptId, setPromptId] = useState<string | null>(restored?.promptId ?? null);
  const [resultFor, setResultFor] = useState(restored?.resultFor ?? null);
  const [localErrors, setLocalErrors] = useState<Partial<Record<GenerateField, string>>>({});
  /** Controls changed since the last answer: its complaints about them no longer apply. */
  const [editedSince, setEditedSince] = useState<readonly GenerateField[]>([]);
  const generate = useGeneratePreview(restored?.result ? { status: "success", data: restored.result } : { status: "idle" });
  const promptRef = useRef<HTMLTextAreaElement>(null);
  const keyRef = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLElement>(null);
  const keyNoteId = useId();

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

  const savedPrompts = useQuery(savedPromptsQueryOptions());
  const saved = savedPrompts.data ?? [];

  // Keep the words, provider choice and preview (never the key) for "Back to the preview".
  useEffect(() => {
    saveGenerateSession({ prompt, provider, baseUrl, model, promptId, result, resultFor });
  }, [prompt, provider, baseUrl, model, promptId, result, resultFor]);

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
    // A key belongs to one vendor: do not send a Gemini key to OpenAI.
    if (providerOption(next).vendor !== option.vendor) setApiKey("");
  };

  const changePrompt = (text: string) => {
    setPrompt(text);
    clearField("prompt");
    if (promptId && text.trim() !== saved.find((p) => p.rawId === promptId)?.text.trim()) setPromptId(null);
  };

  const applyExample = (text: string) => {
    changePrompt(text);
    setPromptId(null);
    promptRef.current?.focus();
  };

  const applySaved = (rawId: string) => {
    const chosen = saved.find((p) => p.rawId === rawId);
    if (!chosen) {
      setPromptId(null);
      return;
    }
    setPrompt(chosen.text);
    setPromptId(chosen.rawId);
    setLocalErrors({});
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
    const request: GenerateRequest = { prompt, provider, apiKey, baseUrl, model, promptId };
    setResultFor({ prompt, provider });
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
          <span className="step-dot">3</span> Create
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
                      onChange={(event) => {
                        setApiKey(event.target.value);
                        clearField("apiKey");
                      }}
                      aria-describedby={[describedBy, keyNoteId].filter(Boolean).join(" ")}
                      aria-invalid={invalid || undefined}
                      autoComplete="off"
                      spellCheck={false}
                      data-1p-ignore=""
                      data-lpignore="true"
                    />
                  )}
                </Field>
                <p className="key-note" id={keyNoteId}>
                  <LockIcon width={14} height={14} />
                  <span>
                    Sent with this one request and then forgotten. Never stored: not in this browser, not on the
                    server, not in the URL.
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
                <kbd>Enter</kbd> previews. Nothing is saved until you create the invoice.
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
  onUseOffline,
}: {
  state: "idle" | "pending" | "success" | "error";
  result: GeneratedInvoice | null;
  failure: FailureView | null;
  stale: boolean;
  prompt: string;
  promptId: string | null;
  onUseOffline: (() => void) | undefined;
}) {
  if (state === "pending") return <PreviewSkeleton />;
  if (failure) return <FailurePanel failure={failure} onUseOffline={onUseOffline} />;
  if (result) {
    const origin = { promptText: prompt, promptId, llmProvider: providerValue(result.provider) };
    return <PreviewPanel data={result} stale={stale} prompt={prompt} origin={origin} />;
  }
  return <IdlePanel />;
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
          <CheckIcon width={15} height={15} /> Check it, edit it if you like, then create it.
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

function PreviewPanel({
  data,
  stale,
  prompt,
  origin,
}: {
  data: GeneratedInvoice;
  stale: boolean;
  prompt: string;
  origin: InvoiceOriginInput;
}) {
  const navigate = useNavigate();
  const toast = useToast();
  const create = useCreateInvoice();
  const [createError, setCreateError] = useState<string | null>(null);
  const missing = data.missing.length > 0;

  const createNow = async () => {
    setCreateError(null);
    try {
      const invoice = await create.mutateAsync({ input: toCreateInput(previewToFormValues(data.preview)).input, origin });
      clearGeneratedResult();
      toast.show(`${invoice.number} created`);
      await navigate({ to: "/invoices/$invoiceId", params: { invoiceId: invoice.rawId } });
    } catch (error) {
      setCreateError(errorMessage(error));
    }
  };

  const editFirst = () =>
    navigate({
      to: "/invoices/new",
      state: {
        generatedDraft: {
          values: previewToFormValues(data.preview),
          missing: data.missing,
          prompt,
          providerName: providerName(data.provider),
          origin,
        },
      },
    });

  return (
    <div className="result-preview">
      <div className="result-head">
        <ReadBy data={data} />
        <p className="sr-only" role="status">
          Preview ready: total {data.preview.total.formatted}
        </p>
      </div>
      {stale ? (
        <Alert tone="info">
          You changed the description or the provider since this preview. <strong>Preview again</strong> to update it.
        </Alert>
      ) : null}
      <MissingWarnings notes={data.missing.map((path) => describeMissing(path, data.preview))} />
      <GeneratedPreview data={data} stale={stale} />
      {createError ? (
        <Alert title="The invoice could not be created" action={<Button size="sm" onClick={() => void editFirst()}>Open in the editor</Button>}>
          {createError}
        </Alert>
      ) : null}
      <div className="result-actions">
        <Button variant={missing ? "secondary" : "primary"} className="btn-lg" icon={<CheckIcon />} busy={create.isPending} onClick={createNow}>
          Create invoice
        </Button>
        <Button variant={missing ? "primary" : "secondary"} className="btn-lg" icon={<EditIcon />} onClick={() => void editFirst()}>
          Edit before creating
        </Button>
        <p className="result-actions-note">
          {missing ? "Fill in what it couldn't read in the editor, or create it now and edit later." : "Saved as a draft. You can still edit it afterwards."}
        </p>
      </div>
    </div>
  );
}
