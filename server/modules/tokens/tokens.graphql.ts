import type { ApiToken } from "../../db/generated/sqlite/client.ts";
import { NotFoundError, ValidationError } from "../../errors.ts";
import { builder } from "../../graphql/builder.ts";
import { createApiToken, listApiTokens, permissionsOf, revokeApiToken } from "./tokens.service.ts";

const PermissionEnum = builder.enumType("Permission", {
  values: { READ: { value: "read" }, WRITE: { value: "write" } } as const,
});

export const ApiTokenRef = builder.prismaObject("ApiToken", {
  description: "An API token. Its secret is only ever shown once, when created.",
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    prefix: t.exposeString("prefix", { description: "Public part of the token, inv_<prefix>_…, to recognise it." }),
    permissions: t.field({ type: [PermissionEnum], resolve: (token) => permissionsOf(token) }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    lastUsedAt: t.expose("lastUsedAt", { type: "DateTime", nullable: true }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true }),
  }),
});

const CreatedApiToken = builder.objectRef<{ apiToken: ApiToken; secret: string }>("CreatedApiToken").implement({
  fields: (t) => ({
    apiToken: t.field({ type: ApiTokenRef, resolve: (r) => r.apiToken }),
    secret: t.exposeString("secret", {
      description: "The full token (inv_<prefix>_<secret>). Store it now: it cannot be shown again.",
    }),
  }),
});

builder.queryField("apiTokens", (t) =>
  t.field({
    type: [ApiTokenRef],
    authScopes: { read: true },
    resolve: (_root, _args, ctx) => listApiTokens(ctx.db, ctx.viewer!.user.id),
  }),
);

builder.mutationField("createApiToken", (t) =>
  t.field({
    type: CreatedApiToken,
    authScopes: { write: true },
    errors: { types: [ValidationError] },
    args: {
      name: t.arg.string({ required: true }),
      permissions: t.arg({ type: [PermissionEnum], required: true }),
    },
    resolve: (_root, args, ctx) => createApiToken(ctx.db, ctx.viewer!.user.id, args),
  }),
);

builder.mutationField("revokeApiToken", (t) =>
  t.field({
    type: ApiTokenRef,
    authScopes: { write: true },
    errors: { types: [NotFoundError] },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => revokeApiToken(ctx.db, ctx.viewer!.user.id, String(args.id)),
  }),
);
