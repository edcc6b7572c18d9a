import { describe, expect, it } from "vitest";
import { createAccount, graphql } from "../../test/factories.ts";
import { createPrompt } from "./prompts.service.ts";
import { useTestApp } from "../../test/harness.ts";

describe("prompts over GraphQL", () => {
  const t = useTestApp();

  it("creates, filters, pages, updates and deletes prompts with labels", async () => {
    const a = await createAccount(t.db);
    const createDoc = `mutation($input: CreatePromptInput!) { createPrompt(input: $input) {
      __typename ... on CreatePromptSuccess { prompt { id text labels { name color } } } ... on ValidationError { issues { path message } } } }`;
    const create = (input: Record<string, unknown>) => graphql(t, createDoc, { input }, a.auth);
    const first = await create({ text: "10 hours consulting", labels: [{ name: "Consulting", color: "#3B82F6" }] });
    expect(first.body.data?.createPrompt.prompt).toMatchObject({ text: "10 hours consulting", labels: [{ name: "Consulting", color: "#3b82f6" }] });
    await create({ text: "Logo design", labels: [{ name: "consulting" }, { name: "Design", color: "#10b981" }] });
    await create({ text: "Unlabelled thing" });
    const bad = await create({ text: "x", labels: [{ name: "Bad", color: "blue" }] });
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

    const id = first.body.data?.createPrompt.prompt.id;
    const updated = await graphql(t, `mutation($id: ID!) { updatePrompt(input: { id: $id, labels: [] }) { ... on UpdatePromptSuccess { prompt { labels { name } } } } }`, { id }, a.auth);
    expect(updated.body.data?.updatePrompt.prompt.labels).toEqual([]);
    const empty = await graphql(t, `mutation($id: ID!) { updatePrompt(input: { id: $id }) { __typename ... on ValidationError { message } } }`, { id }, a.auth);
    expect(empty.body.data?.updatePrompt.__typename).toBe("ValidationError");
    const del = await graphql(t, `mutation($id: ID!) { deletePrompt(input: { id: $id }) { __typename ... on DeletePromptSuccess { deletedId } } }`, { id }, a.auth);
    expect(del.body.data?.deletePrompt).toEqual({ __typename: "DeletePromptSuccess", deletedId: id });
    const gone = await graphql(t, `mutation($id: ID!) { deletePrompt(input: { id: $id }) { __typename } }`, { id }, a.auth);
    expect(gone.body.data?.deletePrompt.__typename).toBe("NotFoundError");
  });

  it("pages the connection forward and backward with totalCount and filters", async () => {
    const a = await createAccount(t.db);
    const ctx = { db: t.db, userId: a.user.id };
    // Newest first: created one after the other, "Job 5" is the first prompt of the list.
    for (let i = 1; i <= 5; i++) await createPrompt(ctx, { text: `Job ${i}`, labels: i % 2 ? [{ name: "odd" }] : [] });
    const q = `query($first: Int, $after: String, $last: Int, $before: String, $filter: PromptFilter) {
      prompts(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { text } } } }`;
    const texts = (res: { body: { data?: any } }) => res.body.data?.prompts.edges.map((e: any) => e.node.text);
    const p1 = await graphql(t, q, { first: 2 }, a.auth);
    expect(texts(p1)).toEqual(["Job 5", "Job 4"]);
    expect(p1.body.data?.prompts.totalCount).toBe(5);
    expect(p1.body.data?.prompts.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const p2 = await graphql(t, q, { first: 2, after: p1.body.data?.prompts.pageInfo.endCursor }, a.auth);
    expect(texts(p2)).toEqual(["Job 3", "Job 2"]);
    const back = await graphql(t, q, { last: 2, before: p2.body.data?.prompts.pageInfo.startCursor }, a.auth);
    expect(texts(back)).toEqual(["Job 5", "Job 4"]);
    expect(back.body.data?.prompts.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const tail = await graphql(t, q, { last: 2 }, a.auth);
    expect(texts(tail)).toEqual(["Job 2", "Job 1"]);
    expect(tail.body.data?.prompts.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const between = await graphql(t, q, { after: p1.body.data?.prompts.pageInfo.endCursor, before: tail.body.data?.prompts.pageInfo.endCursor, last: 10 }, a.auth);
    expect(texts(between)).toEqual(["Job 3", "Job 2"]);
    const filtered = await graphql(t, q, { last: 1, filter: { label: "odd" } }, a.auth);
    expect(texts(filtered)).toEqual(["Job 1"]);
    expect(filtered.body.data?.prompts.totalCount).toBe(3);
    const badCursor = await graphql(t, q, { last: 2, before: "nope" }, a.auth);
    expect(badCursor.body.errors?.[0]?.message).toContain("before: is not a valid cursor");
    const tooMany = await graphql(t, q, { last: 101 }, a.auth);
    expect(tooMany.body.errors?.[0]?.message).toContain("must be between 0 and 100");
  });

  it("labels are nodes with global ids: node(id:), update and delete by that id", async () => {
    const a = await createAccount(t.db);
    const created = await graphql(t, `mutation { createLabel(input: { name: "Urgent", color: "#ff0000" }) { ... on CreateLabelSuccess { label { id rawId name } } } }`, {}, a.auth);
    const label = created.body.data?.createLabel.label;
    expect(label.id).toBe(Buffer.from(`Label:${label.rawId}`).toString("base64"));
    const node = await graphql(t, `query($id: ID!) { node(id: $id) { __typename ... on Label { name color } } }`, { id: label.id }, a.auth);
    expect(node.body.data?.node).toEqual({ __typename: "Label", name: "Urgent", color: "#ff0000" });
    const updated = await graphql(t, `mutation($id: ID!) { updateLabel(input: { id: $id, color: "#00ff00" }) { ... on UpdateLabelSuccess { label { id color } } } }`, { id: label.id }, a.auth);
    expect(updated.body.data?.updateLabel.label).toEqual({ id: label.id, color: "#00ff00" });
    const del = await graphql(t, `mutation($id: ID!) { deleteLabel(input: { id: $id }) { __typename ... on DeleteLabelSuccess { deletedId } } }`, { id: label.id }, a.auth);
    expect(del.body.data?.deleteLabel).toEqual({ __typename: "DeleteLabelSuccess", deletedId: label.id });
    const after = await graphql(t, `query($id: ID!) { node(id: $id) { id } labels { id } }`, { id: label.id }, a.auth);
    expect(after.body.data).toEqual({ node: null, labels: [] });
  });

  it("keeps prompts and labels per account and read-only tokens read-only", async () => {
    const a = await createAccount(t.db);
    const b = await createAccount(t.db);
    const created = await graphql(t, `mutation { createPrompt(input: { text: "secret of A", labels: [{ name: "A-only" }] }) { ... on CreatePromptSuccess { prompt { id labels { id } } } } }`, {}, a.auth);
    const { id, labels } = created.body.data?.createPrompt.prompt;
    const asB = await graphql(t, `query($id: ID!, $label: ID!) { node(id: $id) { id } label: node(id: $label) { id } prompts(first: 10) { totalCount edges { node { id } } } labels { name } }`, { id, label: labels[0].id }, b.auth);
    expect(asB.body.data).toEqual({ node: null, label: null, prompts: { totalCount: 0, edges: [] }, labels: [] });
    const del = await graphql(t, `mutation($id: ID!) { deletePrompt(input: { id: $id }) { __typename } }`, { id }, b.auth);
    expect(del.body.data?.deletePrompt.__typename).toBe("NotFoundError");
    const delLabel = await graphql(t, `mutation($id: ID!) { deleteLabel(input: { id: $id }) { __typename } }`, { id: labels[0].id }, b.auth);
    expect(delLabel.body.data?.deleteLabel.__typename).toBe("NotFoundError");
    const ro = await graphql(t, `mutation { createLabel(input: { name: "x", color: "#000000" }) { __typename ... on ForbiddenError { code message } } }`, {}, a.readOnlyAuth);
    expect(ro.body.errors).toBeUndefined();
    expect(ro.body.data?.createLabel).toMatchObject({ __typename: "ForbiddenError", code: "FORBIDDEN" });
    expect(await t.db.label.count({ where: { userId: a.user.id } })).toBe(1);
  });
});
