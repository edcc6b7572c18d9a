/**
 * Whether a Content-Type names JSON: application/json or a structured +json type
 * (application/problem+json), with or without parameters. One rule for request
 * bodies (REST refuses anything else with 415) and for responses the idempotency
 * store keeps.
 */
export function isJsonContentType(value: string | null | undefined): boolean {
  return !!value && /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(value.trim());
}
