import type { ApiToken } from "../../db/generated/sqlite/client.ts";
import type { GraphQLContext } from "../../graphql/builder.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../errors.ts";
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

const CreateApiTokenSuccess = builder.objectRef<{ apiToken: ApiToken; secret: string }>("CreateApiTokenSuccess").implement({
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

const CreateApiTokenInput = builder.inputType("CreateApiTokenInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    permissions: t.field({ type: [PermissionEnum], required: true }),
  }),
});

builder.mutationField("createApiToken", (t) =>
  t.field({
    type: CreateApiTokenSuccess,
    description: "Needs a browser session or a token with ADMIN; a token can only grant permissions it has. At most 50 active tokens per account.",
    authScopes: { admin: true },
    errors: { types: [ValidationError, ConflictError, ForbiddenError], directResult: true },
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: (_root, { input }, ctx) => issueApiToken(ctx.db, actorOf(ctx), input),
  }),
);

const RevokeApiTokenInput = builder.inputType("RevokeApiTokenInput", {
  fields: (t) => ({ id: t.id({ required: true }) }),
});

builder.mutationField("revokeApiToken", (t) =>
  t.field({
    type: ApiTokenRef,
    description: "Needs a browser session or a token with ADMIN. Answers the revoked token (revokedAt set).",
    authScopes: { admin: true },
    errors: { types: [NotFoundError, ForbiddenError], dataField: { name: "apiToken" } },
    args: { input: t.arg({ type: RevokeApiTokenInput, required: true }) },
    resolve: (_root, { input }, ctx) => revokeApiToken(ctx.db, actorOf(ctx), String(input.id)),
  }),
);
