/**
 * Which saved prompt the words come from, kept in step with the route's ?promptId: one
 * the URL asks for is applied once it is known (from the picker's page of prompts, or
 * looked up on its own when it is older than that page); one picked on the page goes
 * into the URL.
 */
import { useQuery } from "@tanstack/react-query";
import { useEffect, useEffectEvent, useState } from "react";
import { savedPromptQueryOptions, savedPromptsQueryOptions, type SavedPromptOption } from "./queries.ts";

export interface SavedPromptSelectionOptions {
  /** The route's ?promptId. */
  requested: string | undefined;
  onRequestedChange: ((promptId: string | undefined) => void) | undefined;
  /** The saved prompt of the restored session ("Back to the preview"). */
  restored: string | null;
  /** A prompt the URL asked for became known: take its words. */
  onApply: (prompt: SavedPromptOption) => void;
}

export function useSavedPromptSelection({ requested, onRequestedChange, restored, onApply }: SavedPromptSelectionOptions) {
  const [promptId, setPromptId] = useState<string | null>(restored);
  const [pending, setPending] = useState<string | null>(() => (requested && requested !== restored ? requested : null));
  const [notFound, setNotFound] = useState(false);
  /** The ?promptId of the last render: a change of it may be a new request. */
  const [previous, setPrevious] = useState(requested);
  /** The ?promptId last asked for or written here: the URL catching up with a choice made here is not a new request. */
  const [lastRequested, setLastRequested] = useState(requested);
  /** Times the URL must drop a ?promptId that does not exist. */
  const [dropRequests, setDropRequests] = useState(0);

  const savedPrompts = useQuery(savedPromptsQueryOptions());
  const listed = savedPrompts.data ?? [];
  const lookupId = pending ?? promptId;
  const lookup = useQuery({
    ...savedPromptQueryOptions(lookupId ?? ""),
    enabled: Boolean(lookupId) && !savedPrompts.isPending && !listed.some((p) => p.rawId === lookupId),
  });
  const saved: SavedPromptOption[] = lookup.data && !listed.some((p) => p.rawId === lookup.data!.rawId) ? [...listed, lookup.data] : listed;

  // The URL asks for another prompt (adjusted while rendering, as React recommends for state that follows props).
  if (requested !== previous) {
    setPrevious(requested);
    if (requested !== lastRequested) {
      setLastRequested(requested);
      if (requested && requested !== promptId) setPending(requested);
    }
  }

  // The prompt asked for became known, or turned out not to exist.
  if (pending) {
    const chosen = saved.find((p) => p.rawId === pending);
    if (chosen) {
      setPending(null);
      setNotFound(false);
      setPromptId(chosen.rawId);
      onApply(chosen);
    } else if (lookup.isSuccess && lookup.data === null) {
      setPending(null);
      setNotFound(true);
      setLastRequested(undefined);
      setDropRequests((count) => count + 1);
    }
  }

  const dropFromUrl = useEffectEvent(() => onRequestedChange?.(undefined));
  useEffect(() => {
    if (dropRequests > 0) dropFromUrl();
  }, [dropRequests]);

  /** The saved prompt chosen on the page (or none): state, and the URL in step. */
  const select = (rawId: string | null) => {
    setPromptId(rawId);
    setPending(null);
    setNotFound(false);
    if ((rawId ?? undefined) !== requested) {
      setLastRequested(rawId ?? undefined);
      onRequestedChange?.(rawId ?? undefined);
    }
  };

  return { promptId, saved, notFound, select };
}
