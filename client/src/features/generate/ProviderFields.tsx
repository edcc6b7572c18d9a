/** "Who reads it": the provider picker, an OpenAI-compatible server's address and model, and the API key. */
import { useId, type Ref } from "react";
import { CheckIcon, ExternalIcon, LockIcon } from "../../components/icons.tsx";
import { Field, InputField, SelectField } from "../../components/ui.tsx";
import type { LlmProvider } from "../../gql/graphql.ts";
import { PROVIDER_GROUPS } from "./providers.ts";
import type { ProviderChoice } from "./use-provider-choice.ts";
import type { FieldErrors } from "./use-generation.ts";

export interface ProviderFieldsProps {
  choice: ProviderChoice;
  errors: FieldErrors;
  keyRef: Ref<HTMLInputElement>;
  onProviderChange: (provider: LlmProvider) => void;
  /** A field was changed: its error no longer applies. */
  onFieldChange: (name: "apiKey" | "baseUrl" | "model") => void;
}

export function ProviderFields({ choice, errors, keyRef, onProviderChange, onFieldChange }: ProviderFieldsProps) {
  const keyNoteId = useId();
  const rememberId = useId();
  const { option, vendor, rememberOnDevice } = choice;
  return (
    <>
      <SelectField label="Who reads it" value={choice.provider} onChange={(event) => onProviderChange(event.target.value as LlmProvider)}>
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
            value={choice.baseUrl}
            onChange={(event) => {
              choice.setBaseUrl(event.target.value);
              onFieldChange("baseUrl");
            }}
            error={errors.baseUrl}
            autoComplete="off"
            spellCheck={false}
          />
          <InputField
            label="Model"
            placeholder="llama3.1"
            value={choice.model}
            onChange={(event) => {
              choice.setModel(event.target.value);
              onFieldChange("model");
            }}
            error={errors.model}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
      ) : null}

      {option.kind !== "offline" ? (
        <div className="key-field">
          <Field label={option.kind === "compatible" ? "API key (optional)" : `${vendor?.name ?? ""} API key`} error={errors.apiKey}>
            {({ id, describedBy, invalid }) => (
              <input
                ref={keyRef}
                id={id}
                className="input"
                type="password"
                placeholder={vendor?.placeholder ?? "Only if your server needs one"}
                value={choice.apiKey}
                onChange={(event) => {
                  choice.changeKey(event.target.value);
                  onFieldChange("apiKey");
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
          <label className="check key-remember" htmlFor={rememberId}>
            <input
              id={rememberId}
              type="checkbox"
              checked={rememberOnDevice}
              onChange={(event) => choice.changeRemember(event.target.checked)}
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
    </>
  );
}
