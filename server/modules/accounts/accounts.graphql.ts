import { ConflictError, ForbiddenError, UnauthorizedError, ValidationError } from "../../errors.ts";
import { withId } from "../../graphql/prisma-query.ts";
import { builder } from "../../graphql/builder.ts";
import { detailLines } from "../../db/json.ts";
import { DetailLineInput, DetailLineRef } from "../../graphql/types/detail-line.ts";
import type { GraphQLContext } from "../../graphql/builder.ts";
import { authenticate, createSession, deleteSession, signUp, updateAccountSettings, type AuthGuard } from "./accounts.service.ts";

const guardOf = (ctx: GraphQLContext): AuthGuard | null =>
  ctx.authThrottle ? { throttle: ctx.authThrottle, address: ctx.clientAddress ?? "unknown" } : null;

builder.prismaObject("User", {
  description: "An Invobi account and its settings (the defaults of new invoices).",
  fields: (t) => ({
    id: t.exposeID("id"),
    email: t.exposeString("email"),
    displayName: t.exposeString("displayName", { nullable: true }),
    businessName: t.exposeString("businessName", { nullable: true }),
    businessDetails: t.field({
      type: [DetailLineRef],
      description: "Default from-details of new invoices.",
      resolve: (user) => detailLines(user.businessDetails),
    }),
    defaultCurrency: t.exposeString("defaultCurrency"),
    locale: t.exposeString("locale"),
    timezone: t.exposeString("timezone"),
    invoiceNumberPrefix: t.exposeString("invoiceNumberPrefix"),
    invoiceNumberDigits: t.exposeInt("invoiceNumberDigits"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.queryField("viewer", (t) =>
  t.prismaField({
    type: "User",
    nullable: true,
    description: "The signed-in account, or null for anonymous callers.",
    resolve: (query, _root, _args, ctx) =>
      ctx.viewer ? ctx.db.user.findUnique({ ...withId(query), where: { id: ctx.viewer.user.id } }) : null,
  }),
);

const SignUpInput = builder.inputType("SignUpInput", {
  fields: (t) => ({
    email: t.string({ required: true }),
    password: t.string({ required: true }),
    displayName: t.string(),
  }),
});

const SignInInput = builder.inputType("SignInInput", {
  fields: (t) => ({
    email: t.string({ required: true }),
    password: t.string({ required: true }),
  }),
});

builder.mutationField("signUp", (t) =>
  t.prismaField({
    type: "User",
    description:
      "Creates an account and signs the browser in (httpOnly session cookie). A registered email with its own password signs in; " +
      "any other password gets the same ConflictError whether or not the email is registered. Limited per address; counts as a sign-in attempt.",
    errors: { types: [ValidationError, ConflictError], dataField: { name: "user" } },
    args: { input: t.arg({ type: SignUpInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const user = await signUp(ctx.db, input, guardOf(ctx));
      const session = await createSession(ctx.db, user.id);
      await ctx.cookies.setSession(session.token, session.expiresAt);
      return ctx.db.user.findUniqueOrThrow({ ...withId(query), where: { id: user.id } });
    },
  }),
);

builder.mutationField("signIn", (t) =>
  t.prismaField({
    type: "User",
    description: "Signs the browser in. After 5 failures for an email (or many from one address) the wait doubles with each further failure: RATE_LIMITED with extensions.retryAfter.",
    errors: { types: [UnauthorizedError], dataField: { name: "user" } },
    args: { input: t.arg({ type: SignInInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const user = await authenticate(ctx.db, input, guardOf(ctx));
      const session = await createSession(ctx.db, user.id);
      await ctx.cookies.setSession(session.token, session.expiresAt);
      return ctx.db.user.findUniqueOrThrow({ ...withId(query), where: { id: user.id } });
    },
  }),
);

// No input: there is nothing to give (GraphQL has no empty input objects).
builder.mutationField("signOut", (t) =>
  t.boolean({
    description: "Ends the browser session. Always succeeds: signedOut is true.",
    errors: { types: [], dataField: { name: "signedOut" } },
    resolve: async (_root, _args, ctx) => {
      if (ctx.sessionToken) await deleteSession(ctx.db, ctx.sessionToken);
      ctx.cookies.clearSession();
      return true;
    },
  }),
);

const UpdateAccountSettingsInput = builder.inputType("UpdateAccountSettingsInput", {
  fields: (t) => ({
    displayName: t.string(),
    businessName: t.string(),
    businessDetails: t.field({ type: [DetailLineInput] }),
    defaultCurrency: t.string(),
    locale: t.string(),
    timezone: t.string(),
    invoiceNumberPrefix: t.string(),
    invoiceNumberDigits: t.int(),
  }),
});

builder.mutationField("updateAccountSettings", (t) =>
  t.prismaField({
    type: "User",
    authScopes: { write: true },
    errors: { types: [ValidationError, ForbiddenError], dataField: { name: "user" } },
    args: { input: t.arg({ type: UpdateAccountSettingsInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      // GraphQL null for a non-nullable setting means "leave unchanged".
      const cleaned = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
      await updateAccountSettings(ctx.db, ctx.viewer!.user.id, cleaned);
      return ctx.db.user.findUniqueOrThrow({ ...withId(query), where: { id: ctx.viewer!.user.id } });
    },
  }),
);
