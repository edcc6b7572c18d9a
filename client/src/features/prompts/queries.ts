import { infiniteQueryOptions, keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { PromptFilter, PromptLabelInput } from "../../gql/graphql.ts";
import { execute } from "../../lib/graphql-client.ts";
import { unwrap } from "../../lib/result.ts";
import {
  CreatePromptMutation,
  DeleteLabelMutation,
  DeletePromptMutation,
  LabelsQuery,
  PromptsQuery,
  UpdateLabelMutation,
  UpdatePromptMutation,
} from "./documents.ts";

export const PROMPT_PAGE_SIZE = 20;
export const DEFAULT_LABEL_COLOR = "#3b82f6";

export interface PromptListSearch {
  /** A label name, case-insensitive. */
  label?: string;
  noLabel?: true;
  q?: string;
}

export function parsePromptListSearch(raw: Record<string, unknown>): PromptListSearch {
  const search: PromptListSearch = {};
  if (raw.noLabel === true || raw.noLabel === "true") search.noLabel = true;
  else if (typeof raw.label === "string" && raw.label) search.label = raw.label.slice(0, 50);
  if (typeof raw.q === "string" && raw.q) search.q = raw.q.slice(0, 200);
  return search;
}

export const promptKeys = {
  all: ["prompts"] as const,
  list: (filter: PromptFilter) => [...promptKeys.all, "list", filter] as const,
  labels: ["labels"] as const,
};

function filterOf(search: PromptListSearch): PromptFilter {
  const filter: PromptFilter = {};
  if (search.noLabel) filter.noLabel = true;
  else if (search.label) filter.label = search.label;
  if (search.q) filter.content = search.q;
  return filter;
}

export function promptListQueryOptions(search: PromptListSearch) {
  const filter = filterOf(search);
  return infiniteQueryOptions({
    queryKey: promptKeys.list(filter),
    queryFn: async ({ pageParam }) =>
      (await execute(PromptsQuery, { first: PROMPT_PAGE_SIZE, after: pageParam, filter })).prompts,
    initialPageParam: null as string | null,
    getNextPageParam: (page) => (page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null),
    placeholderData: keepPreviousData,
  });
}

export function labelsQueryOptions() {
  return queryOptions({
    queryKey: promptKeys.labels,
    queryFn: async () => (await execute(LabelsQuery)).labels,
  });
}

function useInvalidatePrompts() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: promptKeys.all }),
      queryClient.invalidateQueries({ queryKey: promptKeys.labels }),
    ]);
}

export function useCreatePrompt() {
  const invalidate = useInvalidatePrompts();
  return useMutation({
    mutationFn: async (variables: { text: string; labels: PromptLabelInput[] }) =>
      unwrap((await execute(CreatePromptMutation, variables)).createPrompt).prompt,
    onSuccess: invalidate,
  });
}

export function useUpdatePrompt() {
  const invalidate = useInvalidatePrompts();
  return useMutation({
    mutationFn: async (variables: { id: string; text: string; labels: PromptLabelInput[] }) =>
      unwrap((await execute(UpdatePromptMutation, variables)).updatePrompt).prompt,
    onSuccess: invalidate,
  });
}

export function useDeletePrompt() {
  const invalidate = useInvalidatePrompts();
  return useMutation({
    mutationFn: async (id: string) => unwrap((await execute(DeletePromptMutation, { id })).deletePrompt),
    onSuccess: invalidate,
  });
}

export function useUpdateLabel() {
  const invalidate = useInvalidatePrompts();
  return useMutation({
    mutationFn: async (variables: { id: string; name?: string; color?: string }) =>
      unwrap((await execute(UpdateLabelMutation, variables)).updateLabel).label,
    onSuccess: invalidate,
  });
}

export function useDeleteLabel() {
  const invalidate = useInvalidatePrompts();
  return useMutation({
    mutationFn: async (id: string) => unwrap((await execute(DeleteLabelMutation, { id })).deleteLabel),
    onSuccess: invalidate,
  });
}
