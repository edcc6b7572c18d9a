/**
 * For tests that answer the SPA's GraphQL calls (a mocked `execute`): another feature's
 * operations are recognised by name, so a feature's tests import only its own documents.
 */

/** "CreateInvoice" for the typed document of `mutation CreateInvoice(…)`; undefined for anything else. */
export function operationName(document: unknown): string | undefined {
  return /\b(?:query|mutation|subscription)\s+(\w+)/.exec(String(document))?.[1];
}
