import { describe, expect, it } from "vitest";
import { createAccount, graphql } from "../../test/factories.ts";
import { useTestApp } from "../../test/harness.ts";

describe("prompts over GraphQL", () => {
  const t = useTestApp();

  it("creates, filters, pages, updates and deletes prompts with labels", async () => {
    const a = await createAccount(t.db);
    const create = `mutation($text: String!, $labels: [PromptLabelInput!]) { createPrompt(text: $text, labels: $labels) {
      __typename ... on MutationCreatePromptSuccess { data { id text labels { name color } } } ... on ValidationError { issues { path message } } } }`;
    const first = await graphql(t, create, { text: "10 hours consulting", labels: [{ name: "Consulting", color: "#3B82F6" }] }, a.auth);
    expect(first.body.data?.createPrompt.data).toMatchObject({ text: "10 hours consulting", labels: [{ name: "Consulting", color: "#3b82f6" }] });
    await graphql(t, create, { text: "Logo design", labels: [{ name: "consulting" }, { name: "Design", color: "#10b981" }] }, a.auth);
    await graphql(t, create, { text: "Unlabelled thing" }, a.auth);
    const bad = await graphql(t, create, { text: "x", labels: [{ name: "Bad", color: "blue" }] }, a.auth);
    expect(bad.body.data?.createPrompt.issues[0].path).toEqual(["labels", "0", "color"]);

    const list = `query($filter: PromptFilter, $first: Int, $after: String) { prompts(first: $first, after: $after, filter: $filter) {
      pageInfo { hasNextPage endCursor } edges { node { text labels { name } } } } }`;
    const consulting = await graphql(t, list, { filter: { label: "CONSULTING" } }, a.auth);
    expect(consulting.body.data?.prompts.edges.map((e: any) => e.node.text)).toEqual(["Logo design", "10 hours consulting"]);
    const none = await graphql(t, list, { filter: { noLabel: true } }, a.auth);
    expect(none.body.data?.prompts.edges.map((e: any) => e.node.text)).toEqual(["Unlabelled thing"]);
    const page1 = await graphql(t, list, { first: 2 }, a.auth);
    expect(page1.body.data?.prompts.pageInfo.hasNextPage).toBe(true);
    const page2 = await graphql(t, list, { first: 2, after: page1.body.data?.prompts.pageInfo.endCursor }, a.auth);
    expect(page2.body.data?.prompts.edges.map((e: any) => e.node.text)).toEqual(["10 hours consulting"]);

    const labels = await graphql(t, `{ labels { name color } }`, {}, a.auth);
    expect(labels.body.data?.labels).toEqual([{ name: "Consulting", color: "#3b82f6" }, { name: "Design", color: "#10b981" }]);

    const id = first.body.data?.createPrompt.data.id;
    const updated = await graphql(t, `mutation($id: ID!) { updatePrompt(id: $id, labels: []) { ... on MutationUpdatePromptSuccess { data { labels { name } } } } }`, { id }, a.auth);
    expect(updated.body.data?.updatePrompt.data.labels).toEqual([]);
    const empty = await graphql(t, `mutation($id: ID!) { updatePrompt(id: $id) { __typename ... on ValidationError { message } } }`, { id }, a.auth);
    expect(empty.body.data?.updatePrompt.__typename).toBe("ValidationError");
    const del = await graphql(t, `mutation($id: ID!) { deletePrompt(id: $id) { __typename } }`, { id }, a.auth);
    expect(del.body.data?.deletePrompt.__typename).toBe("MutationDeletePromptSuccess");
  });

  it("keeps prompts and labels per account and read-only tokens read-only", async () => {
    const a = await createAccount(t.db);
    const b = await createAccount(t.db);
    const created = await graphql(t, `mutation { createPrompt(text: "secret of A", labels: [{ name: "A-only" }]) { ... on MutationCreatePromptSuccess { data { id } } } }`, {}, a.auth);
    const id = created.body.data?.createPrompt.data.id;
    const asB = await graphql(t, `query($id: ID!) { node(id: $id) { id } prompts(first: 10) { edges { node { id } } } labels { name } }`, { id }, b.auth);
    expect(asB.body.data).toEqual({ node: null, prompts: { edges: [] }, labels: [] });
    const del = await graphql(t, `mutation($id: ID!) { deletePrompt(id: $id) { __typename } }`, { id }, b.auth);
    expect(del.body.data?.deletePrompt.__typename).toBe("NotFoundError");
    const ro = await graphql(t, `mutation { createLabel(name: "x", color: "#000000") { __typename } }`, {}, a.readOnlyAuth);
    expect(ro.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
