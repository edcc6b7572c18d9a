/**
 * The signed-in account ("viewer"): asked for by the route guard, the shell and every
 * screen that formats with the account's locale, currency or time zone. Signing in and
 * out (features/auth) write it; account settings replace it.
 */
import { queryOptions } from "@tanstack/react-query";
import { graphql } from "../gql/index.ts";
import type { ViewerFieldsFragment as ViewerFields } from "../gql/graphql.ts";
import { execute } from "./graphql-client.ts";

export const ViewerFieldsFragment = graphql(`
  fragment ViewerFields on User {
    id
    email
    displayName
    businessName
    businessDetails {
      label
      value
    }
    defaultCurrency
    locale
    timezone
    invoiceNumberPrefix
    invoiceNumberDigits
    createdAt
  }
`);

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      ...ViewerFields
    }
  }
`);

export type Viewer = ViewerFields;

export const viewerKey = ["viewer"] as const;

export function viewerQueryOptions() {
  return queryOptions({
    queryKey: viewerKey,
    queryFn: async (): Promise<Viewer | null> => (await execute(ViewerQuery)).viewer,
    staleTime: 5 * 60_000,
  });
}
