export interface MutationTarget {
  mutate: string[];
  tests: string[];
  breakAt: number;
}
export type MutationTargetName = "money" | "invoice" | "generation";
export declare const mutationTargets: Record<MutationTargetName, MutationTarget>;
