import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { SignInInput, SignUpInput } from "../../gql/graphql.ts";
import { execute } from "../../lib/graphql-client.ts";
import { unwrap } from "../../lib/result.ts";
import { viewerKey } from "../../lib/viewer.ts";
import { SignInMutation, SignOutMutation, SignUpMutation } from "./documents.ts";

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: SignInInput) => unwrap((await execute(SignInMutation, { input })).signIn).user,
    onSuccess: (viewer) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== viewerKey[0] });
      queryClient.setQueryData(viewerKey, viewer);
    },
  });
}

export function useSignUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: SignUpInput) => unwrap((await execute(SignUpMutation, { input })).signUp).user,
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
