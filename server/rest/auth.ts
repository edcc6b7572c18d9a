import type { Context, Next } from "hono";
import type { AppEnv } from "../http/env.ts";
import type { Permission } from "../modules/tokens/tokens.service.ts";
import { jsonError } from "./respond.ts";

export type { Permission };

/** REST guard: 401 for missing/invalid credentials, 403 for a token without the permission. */
export function requirePermission(permission: Permission) {
  return async (c: Context<AppEnv>, next: Next) => {
    const ctx = c.get("ctx");
    if (ctx.authFailure) return jsonError(c, 401, ctx.authFailure);
    if (!ctx.viewer) return jsonError(c, 401, "Missing API token: send 'Authorization: Bearer YOUR_API_TOKEN'");
    if (!ctx.viewer.permissions[permission]) {
      return jsonError(c, 403, `Insufficient permissions: this API token does not have ${permission} permission`);
    }
    await next();
  };
}
