/**
 * Typed errors returned in mutation result unions (errors plugin), so clients
 * can render field errors instead of parsing messages.
 */
import { ConflictError, DomainError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError, type FieldIssue } from "../../errors.ts";
import { builder } from "../builder.ts";

export const ErrorInterface = builder.interfaceRef<DomainError>("Error").implement({
  description: "Something the caller can fix; `message` is meant for people.",
  fields: (t) => ({
    message: t.exposeString("message"),
    code: t.exposeString("code"),
  }),
});

const FieldIssueRef = builder.objectRef<FieldIssue>("FieldIssue").implement({
  description: "One problem with one input field.",
  fields: (t) => ({
    path: t.stringList({
      description: 'Path to the field, e.g. ["items", "2", "unitPrice"].',
      resolve: (issue) => issue.path.map(String),
    }),
    message: t.exposeString("message"),
  }),
});

builder.objectType(ValidationError, {
  name: "ValidationError",
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({
    issues: t.field({ type: [FieldIssueRef], resolve: (error) => error.issues }),
  }),
});

builder.objectType(NotFoundError, {
  name: "NotFoundError",
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: (t) => ({ resource: t.exposeString("resource") }),
});

builder.objectType(ConflictError, {
  name: "ConflictError",
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ConflictError,
  fields: () => ({}),
});

builder.objectType(UnauthorizedError, {
  name: "UnauthorizedError",
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof UnauthorizedError,
  fields: () => ({}),
});

builder.objectType(ForbiddenError, {
  name: "ForbiddenError",
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ForbiddenError,
  fields: () => ({}),
});
