import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useEffect, useEffectEvent, useId, useState, type KeyboardEvent } from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { Controller, useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { PromptTextSchema, PROMPT_TEXT_MAX } from "../../../../server/modules/prompts/prompts.schemas.ts";
import { EditIcon, PlusIcon, PromptIcon, SearchIcon, SparklesIcon, TagIcon, TrashIcon, XIcon } from "../../components/icons.tsx";
import { useToast } from "../../components/toast.tsx";
import { Alert, Button, ColorDot, ConfirmDialog, Dialog, EmptyState, PageHeader, PageLoader, Spinner, TextareaField, cx } from "../../components/ui.tsx";
import type { LabelFieldsFragment, PromptFieldsFragment } from "../../gql/graphql.ts";
import { formatDateTime } from "../../lib/dates.ts";
import { errorMessage, MutationError } from "../../lib/result.ts";
import { useDebouncedValue } from "../../lib/use-debounced-value.ts";
import {
  DEFAULT_LABEL_COLOR,
  labelsQueryOptions,
  promptListQueryOptions,
  useCreatePrompt,
  useDeleteLabel,
  useDeletePrompt,
  useUpdateLabel,
  useUpdatePrompt,
  type PromptListSearch,
} from "./queries.ts";

export interface PromptsPageProps {
  search: PromptListSearch;
  onSearchChange: (next: PromptListSearch) => void;
}

export function PromptsPage({ search, onSearchChange }: PromptsPageProps) {
  const prompts = useInfiniteQuery(promptListQueryOptions(search));
  const labels = useQuery(labelsQueryOptions());
  const [text, setText] = useState(search.q ?? "");
  const debounced = useDebouncedValue(text.trim(), 300);
  const [creating, setCreating] = useState(false);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [managing, setManaging] = useState(false);

  // The URL changed from elsewhere (navigation, "Clear filters"): show its query.
  const [shownQuery, setShownQuery] = useState(search.q);
  if (search.q !== shownQuery) {
    setShownQuery(search.q);
    if (text.trim() !== (search.q ?? "")) setText(search.q ?? "");
  }

  // Once the typed text settles, it goes into the URL.
  const commitQuery = useEffectEvent((q: string) => {
    if ((search.q ?? "") !== q) onSearchChange({ ...search, q: q || undefined });
  });
  useEffect(() => commitQuery(debounced), [debounced]);

  const items = prompts.data?.pages.flatMap((page) => page.edges.map((edge) => edge.node)) ?? [];
  const filtered = Boolean(search.label || search.noLabel || search.q);
  const allLabels = labels.data ?? [];

  const chip = (active: boolean, label: string, onClick: () => void, color?: string) => (
    <button type="button" className={cx("chip", active && "is-selected")} aria-pressed={active} onClick={onClick} key={label}>
      {color ? <ColorDot color={color} /> : null}
      {label}
    </button>
  );

  return (
    <>
      <PageHeader
        title="Prompts"
        subtitle="Saved descriptions of invoices, in your own words."
        actions={
          <>
            {allLabels.length > 0 ? (
              <Button icon={<TagIcon />} onClick={() => setManaging(true)}>
                Labels
              </Button>
            ) : null}
            <Button variant="primary" icon={<PlusIcon />} onClick={() => { setEditingId(null); setCreating(true); }} disabled={creating}>
              New prompt
            </Button>
          </>
        }
      />

      {creating ? (
        <PromptEditor
          labels={allLabels}
          onDone={() => setCreating(false)}
          title="New prompt"
        />
      ) : null}

      <div className="toolbar" role="search">
        <label className="search-box">
          <SearchIcon />
          <span className="sr-only">Search prompts</span>
          <input type="search" className="input" placeholder="Search prompt text" value={text} onChange={(event) => setText(event.target.value)} />
          {prompts.isFetching && !prompts.isPending ? <Spinner small /> : null}
        </label>
        <div className="chips" role="group" aria-label="Filter by label">
          {chip(!search.label && !search.noLabel, "All", () => onSearchChange({ q: search.q }))}
          {chip(Boolean(search.noLabel), "No label", () => onSearchChange({ q: search.q, noLabel: search.noLabel ? undefined : true }))}
          {allLabels.map((label) =>
            chip(
              search.label?.toLowerCase() === label.name.toLowerCase(),
              label.name,
              () => onSearchChange({ q: search.q, label: search.label?.toLowerCase() === label.name.toLowerCase() ? undefined : label.name }),
              label.color,
            ),
          )}
        </div>
      </div>

      {prompts.error ? <Alert action={<Button size="sm" onClick={() => prompts.refetch()}>Retry</Button>}>{errorMessage(prompts.error)}</Alert> : null}

      {prompts.isPending ? (
        <PageLoader label="Loading prompts" />
      ) : items.length === 0 ? (
        filtered ? (
          <EmptyState icon={<SearchIcon width={26} height={26} />} title="No prompts match" action={<Button onClick={() => { setText(""); onSearchChange({}); }}>Clear filters</Button>}>
            <p>Try another label or search.</p>
          </EmptyState>
        ) : creating ? null : (
          <EmptyState
            icon={<PromptIcon width={28} height={28} />}
            title="No saved prompts yet"
            action={
              <Button variant="primary" icon={<PlusIcon />} onClick={() => setCreating(true)}>
                Write your first prompt
              </Button>
            }
          >
            <p>Save the way you describe recurring work — “10 hours of consulting for Acme at $150, 10% tax” — and reuse it.</p>
          </EmptyState>
        )
      ) : (
        <ul className={cx("prompt-list", prompts.isPlaceholderData && "is-stale")}>
          {items.map((prompt) =>
            editingId === prompt.id ? (
              <li key={prompt.id}>
                <PromptEditor prompt={prompt} labels={allLabels} onDone={() => setEditingId(null)} title="Edit prompt" />
              </li>
            ) : (
              <li key={prompt.id}>
                <PromptCard prompt={prompt} onEdit={() => { setCreating(false); setEditingId(prompt.id); }} onLabel={(name) => onSearchChange({ q: search.q, label: name })} />
              </li>
            ),
          )}
        </ul>
      )}
      {prompts.hasNextPage ? (
        <div className="load-more">
          <Button onClick={() => prompts.fetchNextPage()} busy={prompts.isFetchingNextPage}>
            Load more
          </Button>
        </div>
      ) : null}

      <LabelManager open={managing} onClose={() => setManaging(false)} labels={allLabels} />
    </>
  );
}

function PromptCard({ prompt, onEdit, onLabel }: { prompt: PromptFieldsFragment; onEdit: () => void; onLabel: (name: string) => void }) {
  const remove = useDeletePrompt();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  return (
    <article className="prompt-card">
      <p className="prompt-text">{prompt.text}</p>
      <footer className="prompt-footer">
        <div className="chips">
          {prompt.labels.map((label) => (
            <button type="button" key={label.id} className="chip chip-sm" onClick={() => onLabel(label.name)} title={`Show prompts labelled ${label.name}`}>
              <ColorDot color={label.color} />
              {label.name}
            </button>
          ))}
        </div>
        <span className="muted small">Updated {formatDateTime(prompt.updatedAt)}</span>
        <div className="row gap-xs prompt-actions">
          <Link to="/invoices/generate" search={{ promptId: prompt.rawId }} className="btn btn-sm btn-secondary prompt-generate">
            <SparklesIcon />
            Generate from this prompt
          </Link>
          <Button size="sm" variant="ghost" icon={<EditIcon />} onClick={onEdit}>
            Edit
          </Button>
          <Button size="sm" variant="ghost" icon={<TrashIcon />} onClick={() => setConfirming(true)} aria-label="Delete prompt">
            Delete
          </Button>
        </div>
      </footer>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        tone="danger"
        title="Delete this prompt?"
        keepLabel="Keep it"
        confirmLabel="Delete"
        busy={remove.isPending}
        onConfirm={async () => {
          try {
            await remove.mutateAsync(prompt.id);
            setConfirming(false);
            toast.show("Prompt deleted");
          } catch (error) {
            toast.show(errorMessage(error), "error");
          }
        }}
      >
        <p>Invoices generated from it are kept.</p>
        <blockquote className="prompt-quote">{prompt.text.length > 240 ? `${prompt.text.slice(0, 240)}…` : prompt.text}</blockquote>
      </ConfirmDialog>
    </article>
  );
}

const LABEL_PALETTE = [DEFAULT_LABEL_COLOR, "#10b981", "#f59e0b", "#ef4444", "#8b5cf6", "#ec4899", "#14b8a6", "#f97316", "#64748b"];

interface SelectedLabel {
  name: string;
  color: string;
}

const PromptFormSchema = z.object({
  text: PromptTextSchema,
  labels: z.array(z.object({ name: z.string(), color: z.string() })),
});
type PromptFormValues = z.input<typeof PromptFormSchema>;

function PromptEditor({
  prompt,
  labels,
  onDone,
  title,
}: {
  prompt?: PromptFieldsFragment;
  labels: readonly LabelFieldsFragment[];
  onDone: () => void;
  title: string;
}) {
  const create = useCreatePrompt();
  const update = useUpdatePrompt();
  const toast = useToast();
  const [serverError, setServerError] = useState<string | null>(null);
  const form = useForm<PromptFormValues>({
    resolver: zodResolver(PromptFormSchema),
    defaultValues: {
      text: prompt?.text ?? "",
      labels: prompt?.labels.map(({ name, color }) => ({ name, color })) ?? [],
    },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setServerError(null);
    const variables = { text: values.text.trim(), labels: values.labels.map(({ name, color }) => ({ name, color })) };
    try {
      if (prompt) await update.mutateAsync({ id: prompt.id, ...variables });
      else await create.mutateAsync(variables);
      toast.show(prompt ? "Prompt saved" : "Prompt created");
      onDone();
    } catch (error) {
      if (error instanceof MutationError && error.issues.some((issue) => issue.path[0] === "text")) {
        const issue = error.issues.find((entry) => entry.path[0] === "text")!;
        form.setError("text", { type: "server", message: issue.message.charAt(0).toUpperCase() + issue.message.slice(1) });
      } else {
        setServerError(errorMessage(error));
      }
    }
  });
  const length = useWatch({ control: form.control, name: "text" }).length;
  return (
    <form className="card prompt-editor" onSubmit={onSubmit} noValidate aria-label={title}>
      <div className="card-body stack">
        <h2 className="card-title">{title}</h2>
        {serverError ? <Alert>{serverError}</Alert> : null}
        <TextareaField
          label="Prompt"
          rows={4}
          // eslint-disable-next-line jsx-a11y/no-autofocus -- the editor opens on request ("New prompt", "Edit"): focus goes to what it opened for
          autoFocus
          placeholder="e.g. 10 hours of consulting for Acme Corp at $150/hour, 10% tax, due in 14 days"
          hint={`${length.toLocaleString()} / ${PROMPT_TEXT_MAX.toLocaleString()} characters`}
          error={errors.text?.message ? errors.text.message.charAt(0).toUpperCase() + errors.text.message.slice(1) : undefined}
          {...form.register("text")}
        />
        <Controller
          control={form.control}
          name="labels"
          render={({ field }) => <LabelPicker value={field.value} onChange={field.onChange} available={labels} />}
        />
        <div className="row gap-sm justify-end">
          <Button variant="ghost" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={isSubmitting}>
            {prompt ? "Save prompt" : "Create prompt"}
          </Button>
        </div>
      </div>
    </form>
  );
}

/** Selected labels as chips (each with a colour picker) plus an input that adds existing or new labels. */
export function LabelPicker({
  value,
  onChange,
  available,
}: {
  value: SelectedLabel[];
  onChange: (next: SelectedLabel[]) => void;
  available: readonly LabelFieldsFragment[];
}) {
  const id = useId();
  const [name, setName] = useState("");
  const existing = available.find((label) => label.name.toLowerCase() === name.trim().toLowerCase());
  // A fresh colour for each new label, until the user picks one.
  const suggested = LABEL_PALETTE[(available.length + value.length) % LABEL_PALETTE.length]!;
  const [picked, setPicked] = useState<string | null>(null);
  const shownColor = existing && picked === null ? existing.color : (picked ?? suggested);
  const setColor = setPicked;
  const selectedNames = new Set(value.map((label) => label.name.toLowerCase()));
  const suggestions = available.filter((label) => !selectedNames.has(label.name.toLowerCase()));

  const add = (labelName = name, labelColor = shownColor) => {
    const trimmed = labelName.trim();
    if (!trimmed || selectedNames.has(trimmed.toLowerCase())) return;
    onChange([...value, { name: trimmed, color: labelColor }]);
    setName("");
    setPicked(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      add();
    }
  };

  return (
    <fieldset className="label-picker">
      <legend className="field-label">Labels</legend>
      {value.length > 0 ? (
        <ul className="chips">
          {value.map((label, index) => (
            <li key={label.name} className="chip chip-editable">
              <label className="swatch" title={`Colour of ${label.name}`}>
                <span className="sr-only">Colour of {label.name}</span>
                <input
                  type="color"
                  value={label.color}
                  onChange={(event) => onChange(value.map((entry, i) => (i === index ? { ...entry, color: event.target.value } : entry)))}
                />
                <ColorDot color={label.color} />
              </label>
              {label.name}
              <button type="button" className="chip-remove" onClick={() => onChange(value.filter((_, i) => i !== index))} aria-label={`Remove label ${label.name}`}>
                <XIcon width={14} height={14} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="label-add">
        <label className="swatch swatch-lg" title="Colour of the new label">
          <span className="sr-only">Colour of the new label</span>
          <input type="color" value={shownColor} onChange={(event) => setColor(event.target.value)} />
          <ColorDot color={shownColor} />
        </label>
        <label htmlFor={`${id}-name`} className="sr-only">
          Label name
        </label>
        <input
          id={`${id}-name`}
          className="input"
          list={`${id}-suggestions`}
          placeholder={suggestions.length ? "Add a label (type or pick)" : "Add a label"}
          value={name}
          maxLength={50}
          onChange={(event) => setName(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <datalist id={`${id}-suggestions`}>
          {suggestions.map((label) => (
            <option key={label.id} value={label.name} />
          ))}
        </datalist>
        <Button size="sm" onClick={() => add()} disabled={!name.trim()}>
          Add
        </Button>
      </div>
      {suggestions.length > 0 ? (
        <div className="chips suggestions">
          {suggestions.slice(0, 8).map((label) => (
            <button type="button" key={label.id} className="chip chip-sm chip-ghost" onClick={() => add(label.name, label.color)}>
              <PlusIcon width={12} height={12} />
              <ColorDot color={label.color} />
              {label.name}
            </button>
          ))}
        </div>
      ) : null}
    </fieldset>
  );
}

function LabelManager({ open, onClose, labels }: { open: boolean; onClose: () => void; labels: readonly LabelFieldsFragment[] }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Labels"
      footer={
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      }
    >
      {labels.length === 0 ? <p className="muted">No labels yet. Add them to a prompt.</p> : null}
      <ul className="label-manager">
        {labels.map((label) => (
          <LabelRow key={`${label.id}:${label.name}:${label.color}`} label={label} />
        ))}
      </ul>
    </Dialog>
  );
}

function LabelRow({ label }: { label: LabelFieldsFragment }) {
  const update = useUpdateLabel();
  const remove = useDeleteLabel();
  const toast = useToast();
  const [name, setName] = useState(label.name);
  const [color, setColor] = useState(label.color);
  const [error, setError] = useState<string | null>(null);
  const dirty = name.trim() !== label.name || color !== label.color;
  const save = async () => {
    setError(null);
    try {
      await update.mutateAsync({
        id: label.id,
        ...(name.trim() !== label.name ? { name: name.trim() } : {}),
        ...(color !== label.color ? { color } : {}),
      });
      toast.show("Label saved");
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <li>
      <div className="label-row">
        <label className="swatch swatch-lg" title={`Colour of ${label.name}`}>
          <span className="sr-only">Colour of {label.name}</span>
          <input type="color" value={color} onChange={(event) => setColor(event.target.value)} />
          <ColorDot color={color} />
        </label>
        <input
          className="input"
          value={name}
          aria-label={`Name of label ${label.name}`}
          maxLength={50}
          onChange={(event) => setName(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && dirty && name.trim()) void save();
          }}
        />
        {dirty ? (
          <Button size="sm" variant="primary" busy={update.isPending} disabled={!name.trim()} onClick={save}>
            Save
          </Button>
        ) : null}
        <button
          type="button"
          className="btn btn-ghost btn-icon"
          aria-label={`Delete label ${label.name}`}
          onClick={async () => {
            try {
              await remove.mutateAsync(label.id);
              toast.show(`Label “${label.name}” deleted`);
            } catch (caught) {
              setError(errorMessage(caught));
            }
          }}
        >
          <TrashIcon />
        </button>
      </div>
      {error ? <p className="field-error">{error}</p> : null}
    </li>
  );
}
