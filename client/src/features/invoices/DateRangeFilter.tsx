/**
 * "Issued from / to" for the invoice list. The URL holds the committed range; each
 * input keeps what is being typed and commits only whole dates, so typing a year
 * digit by digit ("0002" → "0020" → "0202" → "2026") never filters by year 2.
 * Clearing an input removes that bound at once; leaving an unfinished date restores
 * the committed one.
 */
import { useId, useRef, useState, type ReactNode } from "react";
import { XIcon } from "../../components/icons.tsx";
import { isIsoDate } from "./queries.ts";

export interface DateRangeFilterProps {
  from: string | undefined;
  to: string | undefined;
  onChange: (range: { issuedFrom: string | undefined; issuedTo: string | undefined }) => void;
}

/** Whole dates only: a real YYYY-MM-DD with a four-digit year. */
const committable = (value: string) => isIsoDate(value) && Number(value.slice(0, 4)) >= 1000;

function DateInput({
  label,
  value,
  min,
  max,
  onCommit,
}: {
  label: ReactNode;
  value: string | undefined;
  min?: string | undefined;
  max?: string | undefined;
  onCommit: (value: string | undefined) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState(value ?? "");
  const [shown, setShown] = useState(value);
  // The URL changed from elsewhere ("Clear filters", a swapped range, navigation): show it.
  if (value !== shown) {
    setShown(value);
    setDraft(value ?? "");
  }
  return (
    <div className="date-field">
      <label htmlFor={id} className="date-field-label">
        {label}
      </label>
      <input
        id={id}
        type="date"
        className="input"
        value={draft}
        min={min}
        max={max}
        onChange={(event) => {
          const next = event.target.value;
          setDraft(next);
          if (next === "") {
            if (value !== undefined) onCommit(undefined);
          } else if (committable(next) && next !== value) {
            onCommit(next);
          }
        }}
        onBlur={() => {
          if (draft !== "" && !committable(draft)) setDraft(value ?? "");
        }}
      />
    </div>
  );
}

export function DateRangeFilter({ from, to, onChange }: DateRangeFilterProps) {
  const active = Boolean(from || to);
  const groupRef = useRef<HTMLDivElement>(null);
  return (
    <div className="date-range" role="group" aria-label="Issue date" ref={groupRef}>
      <DateInput
        label="Issued from"
        value={from}
        max={to}
        onCommit={(issuedFrom) => onChange({ issuedFrom, issuedTo: to })}
      />
      <DateInput
        label={
          <>
            <span className="sr-only">Issued </span>to
          </>
        }
        value={to}
        min={from}
        onCommit={(issuedTo) => onChange({ issuedFrom: from, issuedTo })}
      />
      {active ? (
        <button
          type="button"
          className="btn btn-ghost btn-icon btn-sm"
          aria-label="Clear issue dates"
          title="Clear issue dates"
          onClick={() => {
            onChange({ issuedFrom: undefined, issuedTo: undefined });
            // The button goes away with the dates: keep focus in the filter, not on <body>.
            groupRef.current?.querySelector("input")?.focus();
          }}
        >
          <XIcon />
        </button>
      ) : null}
    </div>
  );
}
