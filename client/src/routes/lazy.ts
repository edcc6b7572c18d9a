import { lazy, type ComponentType } from "react";

/**
 * A page component loaded on first use (its own chunk), plus `preload` for route
 * loaders so the chunk is fetched while the router preloads on hover/intent.
 */
export function lazyPage<M extends Record<string, unknown>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
): { Component: M[K] extends ComponentType<infer P> ? ComponentType<P> : never; preload: () => Promise<void> } {
  let pending: Promise<M> | undefined;
  const once = () => (pending ??= load().catch((error: unknown) => {
    pending = undefined;
    throw error;
  }));
  const Component = lazy(async () => ({ default: (await once())[name] as ComponentType<unknown> }));
  return {
    Component: Component as never,
    preload: async () => {
      await once();
    },
  };
}
