import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { SignInInput, SignUpInput, ViewerFieldsFragment } from "../../gql/graphql.ts";
import { execute } from "../../lib/graphql-client.ts";
import { unwrap } from "../../lib/result.ts";
import { SignInMutation, SignOutMutation, SignUpMutation, ViewerQuery } from "./documents.ts";

export type Viewer = ViewerFieldsFragment;

export const viewerKey = ["viewer"] as const;

export function viewerQueryOptions() {
  return queryOptions({
    queryKey: viewerKey,
    queryFn: async (): Promise<Viewer | null> => (await execute(ViewerQuery)).viewer,
    staleTime: 5 * 60_000,
  });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: SignInInput) => unwrap((await execute(SignInMutation, { input })).signIn),
    onSuccess: (viewer) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== viewerKey[0] });
      queryClient.setQueryData(viewerKey, viewer);
    },
  });
}

export function useSignUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: SignUpInput) => unwrap((await execute(SignUpMutation, { input })).signUp),
    onSuccess: (viewer) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== viewerKey[0] });
      queryClient.setQueryData(viewerKey, viewer);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => (await execute(SignOutMutation)).signOut,
    onSettled: () => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== viewerKey[0] });
      queryClient.setQueryData(viewerKey, null);
    },
  });
}
