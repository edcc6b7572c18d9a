/**
 * Shared case generation for the hardening suites (owasp-matrix, fuzz, graphql-abuse):
 * every REST route from the route tables, every GraphQL root field from the built
 * schema (with its access level read from the Pothos auth scopes), operations built
 * from the schema's types, fixture accounts with recognisable data, and snapshots
 * of an account's rows to prove that a refused request changed nothing.
 */
import { randomBytes } from "node:crypto";
import {
  getNamedType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLUnionType,
  isLeafType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from "graphql";
import type { Db } from "../db/client.ts";
import { BASIC_INVOICE_ROUTES } from "../modules/invoices/basic-invoice-api.rest.ts";
import { createInvoice } from "../modules/invoices/invoices.service.ts";
import { createLabel, createPrompt } from "../modules/prompts/prompts.service.ts";
import type { AnyRoute } from "../rest/route.ts";
import { V1_ROUTES } from "../rest/v1.ts";
import { createAccount, createToken, invoiceInput } from "../test/factories.ts";
import type { TestApp } from "../test/harness.ts";

// ---------------------------------------------------------------- REST routes

/** Every REST route: /api/v1 (route table) and the basic invoice API (/api/invoices). */
export const ROUTES: readonly AnyRoute[] = [...V1_ROUTES, ...BASIC_INVOICE_ROUTES];

export const isBasic = (route: AnyRoute) => (BASIC_INVOICE_ROUTES as readonly AnyRoute[]).includes(route);
export const routeBase = (route: AnyRoute) => (isBasic(route) ? "/api/invoices" : "/api/v1");
export const routeLabel = (route: AnyRoute) => `${route.method.toUpperCase()} ${routeBase(route)}${route.path === "/" ? "" : route.path}`;
/** Which resource a route's :id names. */
export const resourceOf = (route: AnyRoute): "invoice" | "prompt" => (route.path.startsWith("/prompts") ? "prompt" : "invoice");
export const hasIdParam = (route: AnyRoute) => route.path.includes(":id");

/** The concrete URL of a route for an id (ignored by routes without :id). */
export function routeUrl(route: AnyRoute, id = "", query = ""): string {
  const path = route.path === "/" ? "" : route.path.replace(":id", encodeURIComponent(id));
  return `${routeBase(route)}${path}${query ? `?${query}` : ""}`;
}

// ---------------------------------------------------------------- accounts

export const uid = () => randomBytes(4).toString("hex");

/**
 * An account whose data is easy to recognise in a response: the matrix checks that
 * no other caller ever sees one of its `markers`.
 */
export async function createVictim(db: Db) {
  const account = await createAccount(db);
  const tag = uid();
  const ctx = { db, userId: account.user.id };
  const number = `VICTIM-${tag}`;
  const customerName = `Victim Customer ${tag}`;
  const invoice = await createInvoice(ctx, invoiceInput({ number, title: `Victim title ${tag}`, customer: { name: customerName, email: `victim-${tag}@victim.example` } }));
  const promptText = `Victim prompt ${tag}: 3 hours of secret work at $90/hour for ${customerName}`;
  const labelName = `victim-label-${tag}`;
  const prompt = await createPrompt(ctx, { text: promptText, labels: [{ name: labelName, color: "#123456" }] });
  const label = (await db.label.findFirstOrThrow({ where: { userId: account.user.id, nameLower: labelName.toLowerCase() } }));
  const extraLabel = await createLabel(ctx, { name: `victim-spare-${tag}`, color: "#654321" });
  const tokenName = `victim-token-${tag}`;
  const token = await createToken(db, account.user, ["read"], tokenName);
  return {
    ...account,
    invoice,
    prompt,
    label,
    extraLabel,
    readToken: token,
    ids: {
      invoice: invoice.id,
      prompt: prompt.id,
      label: label.id,
      token: token.apiToken.id,
      invoiceGid: globalId("Invoice", invoice.id),
      promptGid: globalId("Prompt", prompt.id),
    },
    /** Strings that only this account's data contains. */
    markers: [number, customerName, `Victim title ${tag}`, promptText, labelName, `victim-spare-${tag}`, tokenName, account.email, `victim-${tag}@victim.example`],
  };
}
export type Victim = Awaited<ReturnType<typeof createVictim>>;

export const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString("base64");

/** Which marker (if any) a response text leaks. */
export function leakedMarker(text: string, markers: readonly string[]): string | undefined {
  return markers.find((m) => text.includes(m) || text.includes(JSON.stringify(m).slice(1, -1)));
}

// ---------------------------------------------------------------- snapshots

const json = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));

/**
 * Everything an account owns, as one string. Token lastUsedAt is left out: using a
 * token (even for a refused request) legitimately records when it was last used.
 */
export async function snapshotAccount(db: Db, userId: string): Promise<string> {
  const [user, invoices, prompts, labels, tokens, sessions] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId } }),
    db.invoice.findMany({ where: { userId }, include: { items: true, discounts: true, taxes: true }, orderBy: { id: "asc" } }),
    db.prompt.findMany({ where: { userId }, include: { labels: { orderBy: { id: "asc" } } }, orderBy: { id: "asc" } }),
    db.label.findMany({ where: { userId }, orderBy: { id: "asc" } }),
    db.apiToken.findMany({ where: { userId }, orderBy: { id: "asc" }, omit: { lastUsedAt: true } }),
    db.session.count({ where: { userId } }),
  ]);
  return json({ user, invoices, prompts, labels, tokens, sessions });
}

/**
 * A cheaper fingerprint for the fuzzer: row counts, the user row and the rows a
 * request targets (with their lines). Any write a refused request made shows here.
 */
export async function fingerprint(db: Db, userId: string, target: { invoice?: string; prompt?: string } = {}): Promise<string> {
  const [user, invoices, items, prompts, labels, tokens, invoice, prompt] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId } }),
    db.invoice.count({ where: { userId } }),
    db.invoiceItem.count({ where: { invoice: { userId } } }),
    db.prompt.count({ where: { userId } }),
    db.label.findMany({ where: { userId }, orderBy: { id: "asc" } }),
    db.apiToken.count({ where: { userId, revokedAt: null } }),
    target.invoice ? db.invoice.findUnique({ where: { id: target.invoice }, include: { items: true, discounts: true, taxes: true } }) : null,
    target.prompt ? db.prompt.findUnique({ where: { id: target.prompt }, include: { labels: true } }) : null,
  ]);
  return json({ user, invoices, items, prompts, labels, tokens, invoice, prompt });
}

// ---------------------------------------------------------------- GraphQL operations from the schema

export type Access = "public" | "read" | "write" | "admin";

export interface RootField {
  kind: "query" | "mutation";
  name: string;
  field: GraphQLField<unknown, unknown>;
  access: Access;
}

/** The access level a root field declares through Pothos' authScopes (none → public). */
export function accessOf(field: GraphQLField<unknown, unknown>): Access {
  const scopes = (field.extensions as { pothosOptions?: { authScopes?: Record<string, unknown> } }).pothosOptions?.authScopes;
  if (!scopes) return "public";
  if (typeof scopes !== "object") throw new Error(`${field.name}: authScopes must be a static object for the matrix to read it`);
  if (scopes.admin) return "admin";
  if (scopes.write) return "write";
  if (scopes.read || scopes.authenticated) return "read";
  throw new Error(`${field.name}: unknown authScopes ${JSON.stringify(scopes)}`);
}

export function rootFields(schema: GraphQLSchema): RootField[] {
  const out: RootField[] = [];
  for (const [kind, type] of [["query", schema.getQueryType()], ["mutation", schema.getMutationType()]] as const) {
    for (const field of Object.values(type?.getFields() ?? {})) out.push({ kind, name: field.name, field, access: accessOf(field) });
  }
  return out;
}

export interface IdSet {
  invoice: string;
  prompt: string;
  label: string;
  token: string;
}

/** Which of an account's ids an ID argument of a field names, from the field and argument names. */
export function idKindFor(fieldName: string, argName: string): keyof IdSet | null {
  const name = `${fieldName}.${argName}`;
  if (/prompt/i.test(argName) || (/prompt/i.test(fieldName) && argName === "id")) return "prompt";
  if (/label/i.test(name)) return "label";
  if (/token/i.test(name)) return "token";
  if (/invoice|^node/i.test(name)) return "invoice";
  return null;
}

/** A plausible value for a scalar argument or input field, by name. */
function scalarValue(type: GraphQLScalarType, name: string, ids: IdSet | null, fieldName: string): unknown {
  switch (type.name) {
    case "ID": {
      const kind = idKindFor(fieldName, name);
      if (!ids || !kind) return `unknown-${uid()}`;
      const raw = ids[kind];
      return kind === "invoice" ? globalId("Invoice", raw) : kind === "prompt" ? globalId("Prompt", raw) : kind === "label" ? globalId("Label", raw) : raw;
    }
    case "Int":
      return name === "first" || name === "last" ? 2 : name === "invoiceNumberDigits" ? 4 : 1;
    case "Float":
      return 1.5;
    case "Boolean":
      return name === "save" ? true : false;
    case "Decimal":
      return "10";
    case "Date":
      return "2025-01-15";
    case "DateTime":
      return "2025-01-15T10:00:00.000Z";
    case "BigInt":
      return "1";
    case "String":
      if (/email/i.test(name)) return `gen-${uid()}@example.com`;
      if (/password/i.test(name)) return "long enough password";
      if (/color/i.test(name)) return "#111111";
      if (/currency/i.test(name)) return "EUR";
      if (/locale/i.test(name)) return "en-GB";
      if (/timezone/i.test(name)) return "Europe/Berlin";
      if (/^(text|prompt|promptText)$/.test(name)) return "10 hours of consulting at $150/hour for Acme Corp";
      if (/name|title|label/i.test(name)) return `gen-${uid()}`;
      return "x";
    default:
      return "x";
  }
}

/** Optional arguments worth sending: ids (the surface of an IDOR) and what makes an update do something. */
const USEFUL_OPTIONAL = /^(text|color|name|first|title|prompt|provider)$/;

function inputValue(type: GraphQLInputType, name: string, ids: IdSet | null, fieldName: string): unknown {
  if (type instanceof GraphQLNonNull) return inputValue(type.ofType, name, ids, fieldName);
  if (type instanceof GraphQLList) return [inputValue(type.ofType, name, ids, fieldName)];
  if (type instanceof GraphQLEnumType) {
    const values = type.getValues().map((v) => v.name);
    const preferred = ["OFFLINE", "READ", "SENT", "PERCENT", "DESC", "CREATED_AT"].find((v) => values.includes(v));
    return preferred ?? values[0];
  }
  if (type instanceof GraphQLInputObjectType) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      const named = getNamedType(f.type);
      const wanted = f.type instanceof GraphQLNonNull || named.name === "ID" || USEFUL_OPTIONAL.test(f.name);
      if (wanted && f.defaultValue === undefined) out[f.name] = inputValue(f.type, f.name, ids, fieldName);
    }
    return out;
  }
  return scalarValue(type as GraphQLScalarType, name, ids, fieldName);
}

/** The arguments the generated operation sends: required ones, ids, and a few useful optional ones. */
export function generatedArgs(root: RootField, ids: IdSet | null): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const arg of root.field.args as readonly GraphQLArgument[]) {
    const named = getNamedType(arg.type);
    const hasIds = named.name === "ID" || (named instanceof GraphQLInputObjectType && Object.values(named.getFields()).some((f) => getNamedType(f.type).name === "ID"));
    if (arg.type instanceof GraphQLNonNull || hasIds || USEFUL_OPTIONAL.test(arg.name)) {
      args[arg.name] = inputValue(arg.type, arg.name, ids, root.name);
    }
  }
  if (root.name === "nodes" && ids) args.ids = [globalId("Invoice", ids.invoice), globalId("Prompt", ids.prompt)];
  return args;
}

/**
 * A selection of every leaf field (no required arguments) down to `depth` levels,
 * through unions and interfaces: whatever a field could leak is asked for.
 */
export function selectionFor(schema: GraphQLSchema, type: GraphQLOutputType, depth = 3): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return "";
  if (depth <= 0) return "{ __typename }";
  const members =
    named instanceof GraphQLUnionType
      ? named.getTypes()
      : named instanceof GraphQLInterfaceType
        ? [named, ...schema.getPossibleTypes(named)]
        : [named as GraphQLObjectType];
  const parts = ["__typename"];
  for (const member of members) {
    const fields: string[] = [];
    for (const f of Object.values(member.getFields())) {
      if (f.args.some((a) => a.type instanceof GraphQLNonNull)) continue;
      const args = f.args.some((a) => a.name === "first") ? "(first: 2)" : "";
      const inner = selectionFor(schema, f.type, depth - 1);
      if (isLeafType(getNamedType(f.type))) fields.push(`${f.name}${args}`);
      else if (depth > 1) fields.push(`${f.name}${args} ${inner}`);
    }
    parts.push(member === named ? fields.join(" ") : `... on ${member.name} { ${fields.join(" ") || "__typename"} }`);
  }
  return `{ ${parts.join(" ")} }`;
}

function variableType(type: GraphQLInputType): string {
  return type.toString();
}

/**
 * A complete operation for a root field: `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { … } }`.
 * `args` are sent as variables; `extraArgs` are written into the document as given (for unknown-argument cases).
 */
export function buildOperation(
  schema: GraphQLSchema,
  root: RootField,
  args: Record<string, unknown>,
  options: { depth?: number; extraArgs?: string } = {},
): { query: string; variables: Record<string, unknown> } {
  const defs: string[] = [];
  const uses: string[] = [];
  for (const arg of root.field.args) {
    if (!(arg.name in args)) continue;
    defs.push(`$${arg.name}: ${variableType(arg.type)}`);
    uses.push(`${arg.name}: $${arg.name}`);
  }
  if (options.extraArgs) uses.push(options.extraArgs);
  const selection = selectionFor(schema, root.field.type, options.depth ?? 3);
  const query = `${root.kind} Generated${defs.length ? `(${defs.join(", ")})` : ""} { ${root.name}${uses.length ? `(${uses.join(", ")})` : ""} ${selection} }`;
  return { query, variables: args };
}

// ---------------------------------------------------------------- GraphQL requests

export interface GqlResponse {
  status: number;
  text: string;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: { code?: string } }[]; error?: string };
}

export function gql(
  t: Pick<TestApp, "request">,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GqlResponse> {
  return postGraphQL(t, JSON.stringify({ query, variables }), headers);
}

/** POSTs a raw body (any text, valid JSON or not) to /graphql; a body that is not JSON parses to {}. */
export async function postGraphQL(t: Pick<TestApp, "request">, body: string, headers: Record<string, string> = {}): Promise<GqlResponse> {
  const response = await t.request("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers },
    body,
  });
  const text = await response.text();
  let parsed: GqlResponse["body"] = {};
  try {
    parsed = JSON.parse(text) as GqlResponse["body"];
  } catch {
    // asserted by the callers
  }
  return { status: response.status, text, body: parsed };
}

export const errorCodes = (res: GqlResponse) => (res.body.errors ?? []).map((e) => e.extensions?.code);

/** A masked resolver failure: GraphQL's equivalent of a 500. */
export const isInternalError = (res: GqlResponse) =>
  res.status >= 500 || (res.body.errors ?? []).some((e) => e.extensions?.code === "INTERNAL_SERVER_ERROR" || e.message === "Unexpected error.");
