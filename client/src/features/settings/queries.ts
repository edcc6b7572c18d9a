import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { AccountSettingsInput, Permission } from "../../gql/graphql.ts";
import { execute } from "../../lib/graphql-client.ts";
import { unwrap } from "../../lib/result.ts";
import { viewerKey } from "../auth/queries.ts";
import { invoiceKeys } from "../invoices/queries.ts";
import { ApiTokensQuery, CreateApiTokenMutation, RevokeApiTokenMutation, UpdateAccountSettingsMutation } from "./documents.ts";

export const apiTokensKey = ["apiTokens"] as const;

export function apiTokensQueryOptions() {
  return queryOptions({
    queryKey: apiTokensKey,
    queryFn: async () => (await execute(ApiTokensQuery)).apiTokens,
  });
}

export function useUpdateAccountSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: AccountSettingsInput) =>
      unwrap((await execute(UpdateAccountSettingsMutation, { input })).updateAccountSettings),
    onSuccess: (viewer) => {
      queryClient.setQueryData(viewerKey, viewer);
      // The time zone decides "overdue" and "this month"; the locale formats the summary's totals.
      void queryClient.invalidateQueries({ queryKey: invoiceKeys.all });
    },
  });
}

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (variables: { name: string; permissions: Permission[] }) =>
      unwrap((await execute(CreateApiTokenMutation, variables)).createApiToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokensKey }),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => unwrap((await execute(RevokeApiTokenMutation, { id })).revokeApiToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokensKey }),
  });
}
