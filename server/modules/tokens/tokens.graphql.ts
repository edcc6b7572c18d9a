import type { ApiToken } from "../../db/generated/sqlite/client.ts";
import type { GraphQLContext } from "../../graphql/builder.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../errors.ts";
import { builder } from "../../graphql/builder.ts";
import { issueApiToken, listApiTokens, permissionsOf, revokeApiToken, type TokenActor } from "./tokens.service.ts";

const PermissionEnum = builder.enumType("Permission", {
  values: {
    READ: { value: "read", description: "List and fetch invoices, prompts and tokens." },
    WRITE: { value: "write", description: "Create, change and delete invoices and prompts." },
    ADMIN: { value: "admin", description: "Create and revoke API tokens (never with more permissions than this token has)." },
  } as const,
});

/** The signed-in caller as the tokens service sees it (the field's authScopes guarantee a viewer). */
const actorOf = (ctx: GraphQLContext): TokenActor => ({ userId: ctx.viewer!.user.id, via: ctx.viewer!.via, permissions: ctx.viewer!.permissions });

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
    description: "Needs a browser session or a token with ADMIN; a token can only grant permissions it has. At most 50 active tokens per account.",
    authScopes: { admin: true },
    errors: { types: [ValidationError, ConflictError] },
    args: {
      name: t.arg.string({ required: true }),
      permissions: t.arg({ type: [PermissionEnum], required: true }),
    },
    resolve: (_root, args, ctx) => issueApiToken(ctx.db, actorOf(ctx), args),
  }),
);

builder.mutationField("revokeApiToken", (t) =>
  t.field({
    type: ApiTokenRef,
    description: "Needs a browser session or a token with ADMIN.",
    authScopes: { admin: true },
    errors: { types: [NotFoundError] },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => revokeApiToken(ctx.db, actorOf(ctx), String(args.id)),
  }),
);
