/** The left of the generate page: the words, an example or a saved prompt to start from, who reads them, "Preview invoice". */
import type { FormEvent, KeyboardEvent, Ref } from "react";
import { SparklesIcon } from "../../components/icons.tsx";
import { Alert, Button, cx, Field, SelectField } from "../../components/ui.tsx";
import type { LlmProvider } from "../../gql/graphql.ts";
import { EXAMPLE_PROMPTS, PROMPT_MAX } from "./examples.ts";
import { ProviderFields } from "./ProviderFields.tsx";
import type { SavedPromptOption } from "./queries.ts";
import type { FieldErrors } from "./use-generation.ts";
import type { ProviderChoice } from "./use-provider-choice.ts";

export interface PromptComposerProps {
  prompt: string;
  promptId: string | null;
  saved: readonly SavedPromptOption[];
  promptNotFound: boolean;
  choice: ProviderChoice;
  errors: FieldErrors;
  pending: boolean;
  waitSeconds: number;
  hasResult: boolean;
  promptRef: Ref<HTMLTextAreaElement>;
  keyRef: Ref<HTMLInputElement>;
  onPromptChange: (text: string) => void;
  onExample: (text: string) => void;
  onSaved: (rawId: string) => void;
  onProviderChange: (provider: LlmProvider) => void;
  onFieldChange: (name: "apiKey" | "baseUrl" | "model") => void;
  onSubmit: () => void;
}

export function PromptComposer(props: PromptComposerProps) {
  const { prompt, promptId, saved, errors, pending, waitSeconds } = props;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit();
  };

  const onPromptKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      props.onSubmit();
    }
  };

  return (
    <form className="card composer" onSubmit={submit} noValidate aria-label="What to generate">
      <div className="card-body">
        <Field label="Describe the invoice" error={errors.prompt} hint="Who it is for, what you did and at what price. Taxes, discounts, due date and how to pay, if you like.">
          {({ id, describedBy, invalid }) => (
            <textarea
              ref={props.promptRef}
              id={id}
              className="input textarea prompt-input"
              rows={7}
              maxLength={PROMPT_MAX}
              placeholder="e.g. 10 hours of consulting at $150/hour for Acme Corp, plus 10% tax, due in 30 days."
              value={prompt}
              onChange={(event) => props.onPromptChange(event.target.value)}
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
                onClick={() => props.onExample(example.text)}
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
            onChange={(event) => props.onSaved(event.target.value)}
            error={errors.promptId}
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
        {props.promptNotFound ? (
          <Alert tone="warning" title="That saved prompt was not found">
            It may have been deleted. Describe the invoice, or pick another prompt.
          </Alert>
        ) : null}

        <div className="composer-divider" role="presentation" />

        <ProviderFields
          choice={props.choice}
          errors={errors}
          keyRef={props.keyRef}
          onProviderChange={props.onProviderChange}
          onFieldChange={props.onFieldChange}
        />

        <div className="composer-footer">
          <Button type="submit" variant="primary" className="btn-lg" busy={pending} disabled={waitSeconds > 0} icon={<SparklesIcon />}>
            {pending ? "Reading your words…" : waitSeconds > 0 ? `Try again in ${waitSeconds} s` : props.hasResult ? "Preview again" : "Preview invoice"}
          </Button>
          <p className="composer-note">
            <kbd>Ctrl</kbd>
            <span aria-hidden="true">+</span>
            <kbd>Enter</kbd> previews. Nothing is saved until you save the invoice.
          </p>
        </div>
      </div>
    </form>
  );
}
