/**
 * Database errors a service answers itself (unlike the failures of the database
 * in server/db/faults.ts, which every API answers 503/507).
 */

/** A unique constraint refused the write (Prisma P2002): a duplicate invoice number, label, key… */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
