import { describe, expect, it } from "vitest";
import { call } from "../../test/rest.ts";
import { createAccount } from "../../test/factories.ts";
import { useTestApp } from "../../test/harness.ts";
import { LabelNamesJson, PromptEnvelope, PromptListJson } from "./prompts.rest.ts";

describe("REST v1 prompts", () => {
  const t = useTestApp();

  it("creates, reads, updates and deletes a prompt with labels", async () => {
    const a = await createAccount(t.db);
    const created = await call(t, "POST", "/api/v1/prompts", {
      auth: a.auth,
      json: { prompt_text: "  Invoice for consulting services at $150/hour ", labels: [{ name: "Consulting", color: "#3B82F6" }] },
    });
    expect(created.status).toBe(201);
    const prompt = PromptEnvelope.parse(created.body).prompt;
    expect(prompt).toMatchObject({
      user_id: a.user.id,
      prompt_text: "Invoice for consulting services at $150/hour",
      labels: [{ name: "Consulting", color: "#3b82f6" }],
    });
    expect(prompt.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const got = await call(t, "GET", `/api/v1/prompts/${prompt.id}`, { auth: a.readOnlyAuth });
    expect(got).toMatchObject({ status: 200, body: { prompt } });

    const updated = await call(t, "PUT", `/api/v1/prompts/${prompt.id}`, {
      auth: a.auth,
      json: { prompt_text: "Updated invoice prompt text", labels: [{ name: "Updated", color: "#10b981" }] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.prompt).toMatchObject({ id: prompt.id, prompt_text: "Updated invoice prompt text", labels: [{ name: "Updated", color: "#10b981" }] });
    const labelsOnly = await call(t, "PUT", `/api/v1/prompts/${prompt.id}`, { auth: a.auth, json: { labels: [] } });
    expect(labelsOnly.body.prompt).toMatchObject({ prompt_text: "Updated invoice prompt text", labels: [] });

    const nothing = await call(t, "PUT", `/api/v1/prompts/${prompt.id}`, { auth: a.auth, json: {} });
    expect(nothing).toMatchObject({ status: 400, body: { error: "At least one field must be provided: prompt_text or labels" } });
    const unknownOnly = await call(t, "PUT", `/api/v1/prompts/${prompt.id}`, { auth: a.auth, json: { text: "old name" } });
    expect(unknownOnly.status).toBe(400);

    const del = await call(t, "DELETE", `/api/v1/prompts/${prompt.id}`, { auth: a.auth });
    expect(del).toMatchObject({ status: 200, body: { deleted: true } });
    expect((await call(t, "GET", `/api/v1/prompts/${prompt.id}`, { auth: a.auth })).status).toBe(404);
    expect((await call(t, "DELETE", `/api/v1/prompts/${prompt.id}`, { auth: a.auth })).body).toEqual({ error: "Prompt not found" });
  });

  it("validates bodies with field names", async () => {
    const a = await createAccount(t.db);
    const missing = await call(t, "POST", "/api/v1/prompts", { auth: a.auth, json: { labels: [] } });
    expect(missing).toMatchObject({ status: 400, body: { error: "prompt_text: is required" } });
    const badColor = await call(t, "POST", "/api/v1/prompts", { auth: a.auth, json: { prompt_text: "x", labels: [{ name: "A", color: "blue" }] } });
    expect(badColor.body.error).toBe("labels[0].color: must be a hex colour like #3b82f6");
    const notArray = await call(t, "POST", "/api/v1/prompts", { auth: a.auth, json: { prompt_text: "x", labels: "Consulting" } });
    expect(notArray.body.error).toBe("labels: must be an array of label objects with name and color");
    const tooLong = await call(t, "POST", "/api/v1/prompts", { auth: a.auth, json: { prompt_text: "x".repeat(10_001) } });
    expect(tooLong.body.error).toBe("prompt_text: must be at most 10000 characters");
    expect(await t.db.prompt.count({ where: { userId: a.user.id } })).toBe(0);
  });

  it("lists newest first, filters by label (incl. __no_label__) and content, and lists label names", async () => {
    const a = await createAccount(t.db);
    const post = (prompt_text: string, labels: { name: string; color?: string }[] = []) =>
      call(t, "POST", "/api/v1/prompts", { auth: a.auth, json: { prompt_text, labels } });
    await post("Consulting for Acme", [{ name: "Consulting", color: "#3b82f6" }]);
    await post("Website design 50% off", [{ name: "design" }, { name: "Development", color: "#10b981" }]);
    await post("Plain prompt without labels");

    const all = await call(t, "GET", "/api/v1/prompts", { auth: a.readOnlyAuth });
    expect(all.status).toBe(200);
    expect(PromptListJson.parse(all.body).prompts.map((p) => p.prompt_text)).toEqual([
      "Plain prompt without labels",
      "Website design 50% off",
      "Consulting for Acme",
    ]);
    const byLabel = await call(t, "GET", "/api/v1/prompts?label=consulting", { auth: a.auth });
    expect(byLabel.body.prompts.map((p: any) => p.prompt_text)).toEqual(["Consulting for Acme"]);
    const unlabeled = await call(t, "GET", "/api/v1/prompts?label=__no_label__", { auth: a.auth });
    expect(unlabeled.body.prompts.map((p: any) => p.prompt_text)).toEqual(["Plain prompt without labels"]);
    const byContent = await call(t, "GET", "/api/v1/prompts?content=50%25", { auth: a.auth });
    expect(byContent.body.prompts.map((p: any) => p.prompt_text)).toEqual(["Website design 50% off"]);
    const both = await call(t, "GET", "/api/v1/prompts?label=design&content=ACME", { auth: a.auth });
    expect(both.body.prompts).toEqual([]);

    const labels = await call(t, "GET", "/api/v1/prompts/labels", { auth: a.readOnlyAuth });
    expect(labels.status).toBe(200);
    expect(LabelNamesJson.parse(labels.body)).toEqual({ labels: ["Consulting", "design", "Development"] });
  });

  it("keeps /prompts/labels out of /prompts/:id, whatever the method", async () => {
    const a = await createAccount(t.db);
    for (const method of ["PUT", "DELETE", "POST", "PATCH"]) {
      const res = await call(t, method, "/api/v1/prompts/labels", { auth: a.auth, json: { prompt_text: "x" } });
      expect(res.status, method).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    }
  });

  it("answers 404 for another account's prompt and shows none of its labels", async () => {
    const a = await createAccount(t.db);
    const b = await createAccount(t.db);
    const mine = (await call(t, "POST", "/api/v1/prompts", { auth: a.auth, json: { prompt_text: "secret", labels: [{ name: "Private" }] } })).body.prompt;
    for (const [method, json] of [
      ["GET", undefined],
      ["PUT", { prompt_text: "stolen" }],
      ["DELETE", undefined],
    ] as const) {
      const res = await call(t, method, `/api/v1/prompts/${mine.id}`, { auth: b.auth, json });
      expect(res, method).toMatchObject({ status: 404, body: { error: "Prompt not found" } });
    }
    expect((await call(t, "GET", "/api/v1/prompts", { auth: b.auth })).body).toEqual({ prompts: [] });
    expect((await call(t, "GET", "/api/v1/prompts/labels", { auth: b.auth })).body).toEqual({ labels: [] });
    expect((await call(t, "GET", `/api/v1/prompts/${mine.id}`, { auth: a.auth })).body.prompt.prompt_text).toBe("secret");
  });
});
