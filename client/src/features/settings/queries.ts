import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { Permission, UpdateAccountSettingsInput } from "../../gql/graphql.ts";
import { execute } from "../../lib/graphql-client.ts";
import { unwrap } from "../../lib/result.ts";
import { viewerKey } from "../../lib/viewer.ts";
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
    mutationFn: async (input: UpdateAccountSettingsInput) =>
      unwrap((await execute(UpdateAccountSettingsMutation, { input })).updateAccountSettings).user,
    onSuccess: (viewer) => {
      queryClient.setQueryData(viewerKey, viewer);
      // The time zone decides "overdue" and "this month", the locale formats totals: whatever the
      // server worked out with the old settings (the invoice lists and summary) is asked for again.
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== viewerKey[0] });
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
    mutationFn: async (id: string) => unwrap((await execute(RevokeApiTokenMutation, { id })).revokeApiToken).apiToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokensKey }),
  });
}
