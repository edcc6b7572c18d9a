import type { Db } from "./db/client.ts";

/**
 * What every account-scoped service call receives: the database and the calling
 * account. Services only ever touch rows whose userId is `userId`.
 */
export interface ServiceContext {
  db: Db;
  userId: string;
  /** Injected so tests can pin "today"; defaults to the wall clock. */
  now?: () => Date;
}

export const nowOf = (ctx: { now?: () => Date }): Date => (ctx.now ? ctx.now() : new Date());
