import { listLabels, type MissingNote } from "../lib/invoice-form/missing.ts";
import { AlertIcon } from "./icons.tsx";

/** "Couldn't read: customer name and due date", with what was done instead of each. */
export function MissingWarnings({ notes, footer }: { notes: readonly MissingNote[]; footer?: string }) {
  if (notes.length === 0) return null;
  return (
    <div className="missing-card" role="status" data-testid="missing-warnings">
      <AlertIcon className="icon missing-icon" />
      <div>
        <p className="missing-title">Couldn't read: {listLabels(notes)}</p>
        <ul className="missing-list">
          {notes.map((note) => (
            <li key={note.path}>
              <strong>{note.label.charAt(0).toUpperCase() + note.label.slice(1)}</strong>
              {note.detail ? <span> — {note.detail}</span> : null}
            </li>
          ))}
        </ul>
        {footer ? <p className="missing-footer">{footer}</p> : null}
      </div>
    </div>
  );
}
