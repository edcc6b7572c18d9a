/**
 * State the SPA keeps in memory between screens (outside React and the query cache),
 * reset between the component tests of one file.
 */
import { saveGenerateSession } from "../features/generate/session.ts";

/** Forgets the generate page's words and preview ("Back to the preview"). */
export function forgetGenerateSession(): void {
  saveGenerateSession(null);
}
