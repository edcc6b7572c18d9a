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
import { Link } from "@tanstack/react-router";
import { useEffect, useRef, useState } from "react";
import { ArrowLeftIcon, CheckIcon, SparklesIcon } from "../../components/icons.tsx";
import { ConfirmDialog, cx, PageHeader } from "../../components/ui.tsx";
import type { LlmProvider } from "../../gql/graphql.ts";
import type { GenerateField } from "./generation-failure.ts";
import type { CreateInvoice } from "./PreviewPanel.tsx";
import { PromptComposer } from "./PromptComposer.tsx";
import { DEFAULT_PROVIDER } from "./providers.ts";
import { ResultPanel } from "./ResultPanel.tsx";
import { loadGenerateSession, saveGenerateSession } from "./session.ts";
import { useGeneration, type FieldErrors } from "./use-generation.ts";
import { useProviderChoice } from "./use-provider-choice.ts";
import { useSavedPromptSelection } from "./use-saved-prompt-selection.ts";

export interface GeneratePageProps {
  /** A saved prompt to start from (the route's ?promptId=<raw id>). */
  promptId?: string | undefined;
  /** The saved prompt picked on the page changed: the route keeps its URL in step. */
  onPromptIdChange?: (promptId: string | undefined) => void;
  /** Stores the invoice the preview shows. */
  createInvoice: CreateInvoice;
}

export function GeneratePage({ promptId: requestedPromptId, onPromptIdChange, createInvoice }: GeneratePageProps) {
  const [restored] = useState(loadGenerateSession);
  const [prompt, setPrompt] = useState(restored?.prompt ?? "");
  const choice = useProviderChoice(restored, DEFAULT_PROVIDER);
  const { provider, option, vendor, apiKey, baseUrl, model } = choice;
  const generation = useGeneration(restored, provider);
  const { state, result, resultFor, failure, draftValues, edited } = generation;
  const selection = useSavedPromptSelection({
    requested: requestedPromptId,
    onRequestedChange: onPromptIdChange,
    restored: restored?.promptId ?? null,
    onApply: (chosen) => {
      setPrompt(chosen.text);
      generation.setLocalErrors({});
      // A new starting point: an earlier preview no longer belongs to these words.
      if (result) generation.discardResult();
    },
  });
  const { promptId, saved } = selection;
  const [confirmingReplace, setConfirmingReplace] = useState(false);
  const promptRef = useRef<HTMLTextAreaElement>(null);
  const keyRef = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLElement>(null);

  // Keep the words, provider choice, preview and its edits (never the key) for "Back to the preview".
  useEffect(() => {
    saveGenerateSession({ prompt, provider, baseUrl, model, promptId, result, resultFor, edits: edited ? draftValues : null });
  }, [prompt, provider, baseUrl, model, promptId, result, resultFor, edited, draftValues]);

  const changeProvider = (next: LlmProvider) => {
    choice.changeProvider(next);
    generation.setLocalErrors({});
  };

  const changePrompt = (text: string) => {
    setPrompt(text);
    generation.clearField("prompt");
    if (promptId && text.trim() !== saved.find((p) => p.rawId === promptId)?.text.trim()) selection.select(null);
  };

  const applyExample = (text: string) => {
    changePrompt(text);
    if (promptId) selection.select(null);
    promptRef.current?.focus();
  };

  const applySaved = (rawId: string) => {
    const chosen = saved.find((p) => p.rawId === rawId);
    if (!chosen) {
      selection.select(null);
      return;
    }
    setPrompt(chosen.text);
    selection.select(chosen.rawId);
    generation.setLocalErrors({});
  };

  const discard = () => {
    generation.discardResult();
    promptRef.current?.focus();
  };

  const validate = (): FieldErrors => {
    const errors: FieldErrors = {};
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

  const run = async () => {
    const data = await generation.run({ prompt, provider, apiKey, baseUrl, model, promptId });
    if (data && typeof window !== "undefined" && window.matchMedia?.("(max-width: 1180px)").matches) {
      resultRef.current?.scrollIntoView?.({ behavior: "smooth", block: "start" });
    }
  };

  const submit = () => {
    const errors = validate();
    generation.setLocalErrors(errors);
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
    void run();
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
        <PromptComposer
          prompt={prompt}
          promptId={promptId}
          saved={saved}
          promptNotFound={selection.notFound}
          choice={choice}
          errors={generation.fieldErrors}
          pending={pending}
          waitSeconds={generation.waitSeconds}
          hasResult={Boolean(result)}
          promptRef={promptRef}
          keyRef={keyRef}
          onPromptChange={changePrompt}
          onExample={applyExample}
          onSaved={applySaved}
          onProviderChange={changeProvider}
          onFieldChange={(name: GenerateField) => generation.clearField(name)}
          onSubmit={submit}
        />

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
            onEdit={generation.editDraft}
            onDiscard={discard}
            onUseOffline={
              failure?.suggestOffline && provider !== "OFFLINE"
                ? () => {
                    changeProvider("OFFLINE");
                    generation.reset();
                  }
                : undefined
            }
            createInvoice={createInvoice}
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
