import { describe, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../errors.ts";
import type { ServiceContext } from "../../service-context.ts";
import { createUser } from "../../test/factories.ts";
import { searchKey } from "../../db/search-text.ts";
import { useTestApp } from "../../test/harness.ts";
import { DEFAULT_LABEL_COLOR } from "./prompts.schemas.ts";
import {
  createLabel,
  createPrompt,
  deleteLabel,
  deletePrompt,
  getLabel,
  getPrompt,
  listLabelNames,
  listLabels,
  listPrompts,
  listPromptsPage,
  updateLabel,
  updatePrompt,
  type PromptWithLabels,
} from "./prompts.service.ts";

describe("prompts service", () => {
  const t = useTestApp();

  /** A fresh account whose clock ticks one second per write, so "newest first" is deterministic. */
  async function account(start = "2025-01-01T00:00:00.000Z"): Promise<ServiceContext> {
    const { user } = await createUser(t.db);
    let clock = Date.parse(start);
    return { db: t.db, userId: user.id, now: () => new Date((clock += 1000)) };
  }

  async function rejects<E extends Error>(promise: Promise<unknown>, type: new (...args: any[]) => E): Promise<E> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, "expected a rejection").toBeInstanceOf(type);
    return error as E;
  }

  const texts = (prompts: PromptWithLabels[]) => prompts.map((p) => p.text);
  const labelsOf = (p: PromptWithLabels) => p.labels.map((l) => ({ name: l.name, color: l.color }));

  describe("createPrompt", () => {
    it("trims the text, stores a lower-cased copy and creates new labels with the default colour", async () => {
      const ctx = await account();
      const prompt = await createPrompt(ctx, {
        text: "  Invoice ACME for 10 hours of Consulting  ",
        labels: [{ name: " Consulting " }, { name: "acme", color: "#10B981" }],
      });
      expect(prompt.text).toBe("Invoice ACME for 10 hours of Consulting");
      expect(prompt.textLower).toBe("invoice acme for 10 hours of consulting");
      expect(prompt.userId).toBe(ctx.userId);
      // Labels ordered by name, case-insensitively.
      expect(labelsOf(prompt)).toEqual([
        { name: "acme", color: "#10b981" },
        { name: "Consulting", color: DEFAULT_LABEL_COLOR },
      ]);
      expect(DEFAULT_LABEL_COLOR).toBe("#3b82f6");
      const stored = await t.db.label.findMany({ where: { userId: ctx.userId }, orderBy: { nameLower: "asc" } });
      expect(stored.map((l) => [l.name, l.nameLower])).toEqual([
        ["acme", "acme"],
        ["Consulting", "consulting"],
      ]);
      expect(await getPrompt(ctx, prompt.id)).toEqual(prompt);
    });

    it("reuses an existing label in any case, recolouring it only when a colour is given", async () => {
      const ctx = await account();
      const first = await createPrompt(ctx, { text: "one", labels: [{ name: "Consulting", color: "#111111" }] });
      const second = await createPrompt(ctx, { text: "two", labels: [{ name: "CONSULTING" }] });
      expect(second.labels).toHaveLength(1);
      expect(second.labels[0]!.id).toBe(first.labels[0]!.id);
      expect(labelsOf(second)).toEqual([{ name: "Consulting", color: "#111111" }]);

      const third = await createPrompt(ctx, { text: "three", labels: [{ name: "consulting", color: "#ABCDEF" }] });
      expect(third.labels[0]!.id).toBe(first.labels[0]!.id);
      expect(labelsOf(third)).toEqual([{ name: "Consulting", color: "#abcdef" }]);
      expect((await getPrompt(ctx, first.id)).labels[0]!.color).toBe("#abcdef");
      expect(await t.db.label.count({ where: { userId: ctx.userId } })).toBe(1);
    });

    it("collapses duplicate names within one request (first spelling, last colour)", async () => {
      const ctx = await account();
      const prompt = await createPrompt(ctx, {
        text: "dupes",
        labels: [{ name: "Design", color: "#000000" }, { name: "DESIGN", color: "#10B981" }, { name: "design" }],
      });
      expect(labelsOf(prompt)).toEqual([{ name: "Design", color: "#10b981" }]);
      expect(await t.db.label.count({ where: { userId: ctx.userId } })).toBe(1);
    });

    it("validates and normalises label colours", async () => {
      const ctx = await account();
      for (const [i, color] of ["#GGG000", "blue", "#fff", "3b82f6", "#3b82f6ff", ""].entries()) {
        const error = await rejects(
          createPrompt(ctx, { text: "bad colour", labels: [{ name: `ok-${i}` }, { name: "Bad", color }] }),
          ValidationError,
        );
        expect(error.issues, color).toEqual([{ path: ["labels", 1, "color"], message: "must be a hex colour like #3b82f6" }]);
        expect(error.message).toBe("labels[1].color: must be a hex colour like #3b82f6");
      }
      // Bad input changed nothing.
      expect(await t.db.label.count({ where: { userId: ctx.userId } })).toBe(0);
      expect(await t.db.prompt.count({ where: { userId: ctx.userId } })).toBe(0);

      const ok = await createPrompt(ctx, { text: "good colour", labels: [{ name: "Blue", color: "#3B82F6" }, { name: "Null", color: null }] });
      expect(labelsOf(ok)).toEqual([
        { name: "Blue", color: "#3b82f6" },
        { name: "Null", color: DEFAULT_LABEL_COLOR },
      ]);
    });

    it("validates text and label names with field paths", async () => {
      const ctx = await account();
      const blank = await rejects(createPrompt(ctx, { text: "   " }), ValidationError);
      expect(blank.issues).toEqual([{ path: ["text"], message: "is required" }]);
      const long = await rejects(createPrompt(ctx, { text: "x".repeat(10_001) }), ValidationError);
      expect(long.issues).toEqual([{ path: ["text"], message: "must be at most 10000 characters" }]);
      expect((await createPrompt(ctx, { text: ` ${"x".repeat(10_000)} ` })).text).toHaveLength(10_000);

      const names = await rejects(
        createPrompt(ctx, { text: "names", labels: [{ name: " " }, { name: "n".repeat(51) }, { name: "n".repeat(50) }] }),
        ValidationError,
      );
      expect(names.issues).toEqual([
        { path: ["labels", 0, "name"], message: "is required" },
        { path: ["labels", 1, "name"], message: "must be at most 50 characters" },
      ]);
      const notAString = await rejects(createPrompt(ctx, { text: 42 } as never), ValidationError);
      expect(notAString.issues[0]?.path).toEqual(["text"]);
      expect(await t.db.label.count({ where: { userId: ctx.userId } })).toBe(0);
    });

    it("runs in one transaction: a failure after labels were created leaves no label behind", async () => {
      const ctx = await account();
      // A db whose transactions fail at the prompt insert, i.e. after the labels were written.
      const failing = new Proxy(t.db, {
        get(target, prop, receiver) {
          if (prop !== "$transaction") return Reflect.get(target, prop, receiver);
          return (fn: (tx: unknown) => Promise<unknown>, options: unknown) =>
            target.$transaction(async (tx) => {
              const txProxy = new Proxy(tx, {
                get(txTarget, txProp, txReceiver) {
                  if (txProp !== "prompt") return Reflect.get(txTarget, txProp, txReceiver);
                  return {
                    create: async () => {
                      expect(await tx.label.count({ where: { userId: ctx.userId } })).toBe(2);
                      throw new Error("boom");
                    },
                  };
                },
              });
              return fn(txProxy);
            }, options as never);
        },
      }) as Db;
      await expect(
        createPrompt({ ...ctx, db: failing }, { text: "x", labels: [{ name: "New" }, { name: "Other" }] }),
      ).rejects.toThrow("boom");
      expect(await t.db.label.count({ where: { userId: ctx.userId } })).toBe(0);
      expect(await t.db.prompt.count({ where: { userId: ctx.userId } })).toBe(0);
    });

    it("concurrent prompts naming the same new label share one label", async () => {
      const ctx = await account();
      const prompts = await Promise.all(
        Array.from({ length: 6 }, (_, i) => createPrompt(ctx, { text: `rush ${i}`, labels: [{ name: i % 2 ? "RUSH" : "Rush" }] })),
      );
      const labels = await t.db.label.findMany({ where: { userId: ctx.userId } });
      expect(labels).toHaveLength(1);
      for (const p of prompts) expect(p.labels.map((l) => l.id)).toEqual([labels[0]!.id]);
    });
  });

  describe("listPrompts", () => {
    async function seed() {
      const ctx = await account();
      const a = await createPrompt(ctx, { text: "Consulting for ACME", labels: [{ name: "Consulting" }, { name: "ACME" }] });
      const b = await createPrompt(ctx, { text: "Design work", labels: [{ name: "Design" }] });
      const c = await createPrompt(ctx, { text: "Unlabelled hours" });
      const d = await createPrompt(ctx, { text: "More consulting", labels: [{ name: "consulting" }] });
      return { ctx, a, b, c, d };
    }

    it("lists newest first", async () => {
      const { ctx } = await seed();
      expect(texts(await listPrompts(ctx))).toEqual(["More consulting", "Unlabelled hours", "Design work", "Consulting for ACME"]);
      expect(texts(await listPrompts(ctx, { label: "", content: "" }))).toHaveLength(4);
    });

    it("filters by label name case-insensitively, and by no label", async () => {
      const { ctx } = await seed();
      expect(texts(await listPrompts(ctx, { label: "CONSULTING" }))).toEqual(["More consulting", "Consulting for ACME"]);
      expect(texts(await listPrompts(ctx, { label: " design " }))).toEqual(["Design work"]);
      expect(texts(await listPrompts(ctx, { label: "nope" }))).toEqual([]);
      expect(texts(await listPrompts(ctx, { label: "__no_label__" }))).toEqual(["Unlabelled hours"]);
      expect(texts(await listPrompts(ctx, { noLabel: true }))).toEqual(["Unlabelled hours"]);
      expect(texts(await listPrompts(ctx, { noLabel: false }))).toHaveLength(4);
      expect(texts(await listPrompts(ctx, { label: "consulting", content: "more" }))).toEqual(["More consulting"]);
      const both = await rejects(listPrompts(ctx, { label: "Design", noLabel: true }), ValidationError);
      expect(both.issues).toEqual([{ path: ["label"], message: "cannot be combined with noLabel" }]);
    });

    it("filters by content case-insensitively", async () => {
      const { ctx } = await seed();
      expect(texts(await listPrompts(ctx, { content: "CONSULT" }))).toEqual(["More consulting", "Consulting for ACME"]);
      expect(texts(await listPrompts(ctx, { content: "acme" }))).toEqual(["Consulting for ACME"]);
      expect(texts(await listPrompts(ctx, { content: "zzz" }))).toEqual([]);
      expect(texts(await listPrompts(ctx, { content: "design", noLabel: true }))).toEqual([]);
    });

    it("matches non-ASCII text the same way on both databases", async () => {
      const ctx = await account();
      await createPrompt(ctx, { text: "Lieferung in die Straße" });
      await createPrompt(ctx, { text: "Cours à l'ÉCOLE" });
      await createPrompt(ctx, { text: "ΟΔΥΣΣΕΥΣ travel" });
      await createPrompt(ctx, { text: "plain ecole" });
      expect(texts(await listPrompts(ctx, { content: "STRAßE" }))).toEqual(["Lieferung in die Straße"]);
      expect(texts(await listPrompts(ctx, { content: "straße" }))).toEqual(["Lieferung in die Straße"]);
      expect(texts(await listPrompts(ctx, { content: "école" }))).toEqual(["Cours à l'ÉCOLE"]);
      expect(texts(await listPrompts(ctx, { content: "École" }))).toEqual(["Cours à l'ÉCOLE"]);
      expect(texts(await listPrompts(ctx, { content: "ÉCOLE" }))).toEqual(["Cours à l'ÉCOLE"]);
      expect(texts(await listPrompts(ctx, { content: "ecole" }))).toEqual(["plain ecole"]);
      expect(texts(await listPrompts(ctx, { content: "οδυσσευς" }))).toEqual(["ΟΔΥΣΣΕΥΣ travel"]);
      expect(texts(await listPrompts(ctx, { content: "ΟΔΥΣΣΕΥΣ" }))).toEqual(["ΟΔΥΣΣΕΥΣ travel"]);
      if (t.database.provider === "sqlite") {
        // Why the lower-casing happens in JS: SQLite's lower() only folds ASCII.
        const rows = await t.db.$queryRawUnsafe<{ l: string }[]>("SELECT lower('ÉCOLE') AS l");
        expect(rows[0]!.l).toBe("École");
        expect("ÉCOLE".toLowerCase()).toBe("école");
      }
    });

    it("treats %, _ and \\ in the content filter literally", async () => {
      const ctx = await account();
      await createPrompt(ctx, { text: "Spring sale: 50%_off everything" });
      await createPrompt(ctx, { text: "plain text" });
      await createPrompt(ctx, { text: "snake_case name" });
      await createPrompt(ctx, { text: "100% done" });
      await createPrompt(ctx, { text: String.raw`C:\invoices\2025` });
      await createPrompt(ctx, { text: "a5xyoff" });
      expect(texts(await listPrompts(ctx, { content: "%_" }))).toEqual(["Spring sale: 50%_off everything"]);
      expect(texts(await listPrompts(ctx, { content: "50%_OFF" }))).toEqual(["Spring sale: 50%_off everything"]);
      expect(texts(await listPrompts(ctx, { content: "%" }))).toEqual(["100% done", "Spring sale: 50%_off everything"]);
      expect(texts(await listPrompts(ctx, { content: "_" }))).toEqual(["snake_case name", "Spring sale: 50%_off everything"]);
      expect(texts(await listPrompts(ctx, { content: "5__off" }))).toEqual([]);
      expect(texts(await listPrompts(ctx, { content: "\\" }))).toEqual([String.raw`C:\invoices\2025`]);
      expect(texts(await listPrompts(ctx, { content: String.raw`\invoices\2` }))).toEqual([String.raw`C:\invoices\2025`]);
      expect(texts(await listPrompts(ctx, { content: String.raw`\%` }))).toEqual([]);
      expect(texts(await listPrompts(ctx, { content: "e_c" }))).toEqual(["snake_case name"]);
      expect(texts(await listPrompts(ctx, { content: "%_", label: "__no_label__" }))).toEqual(["Spring sale: 50%_off everything"]);
    });
  });

  describe("listPromptsPage", () => {
    it("pages newest first with stable cursors, also when timestamps tie", async () => {
      const { user } = await createUser(t.db);
      const tied = new Date("2025-03-01T12:00:00.000Z");
      const ctx: ServiceContext = { db: t.db, userId: user.id, now: () => tied };
      for (let i = 0; i < 5; i++) await createPrompt(ctx, { text: `tied ${i}`, labels: i % 2 ? [{ name: "Odd" }] : [] });
      let clock = Date.parse("2025-03-02T00:00:00.000Z");
      const later: ServiceContext = { ...ctx, now: () => new Date((clock += 1)) };
      for (let i = 0; i < 3; i++) await createPrompt(later, { text: `later ${i}` });

      const all = await listPrompts(ctx);
      expect(all).toHaveLength(8);
      expect(texts(all).slice(0, 3)).toEqual(["later 2", "later 1", "later 0"]);

      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page = await listPromptsPage(ctx, { first: 3, after });
        pages++;
        seen.push(...page.prompts.map((p) => p.id));
        if (!page.hasNextPage) break;
        expect(page.prompts).toHaveLength(3);
        after = page.endCursor;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(all.map((p) => p.id));

      const odd = await listPromptsPage(ctx, { label: "odd", first: 1 });
      expect(odd.hasNextPage).toBe(true);
      const oddRest = await listPromptsPage(ctx, { label: "odd", first: 5, after: odd.endCursor });
      expect(oddRest.hasNextPage).toBe(false);
      expect([...odd.prompts, ...oddRest.prompts].map((p) => p.text)).toEqual(
        texts(all).filter((x) => x === "tied 1" || x === "tied 3"),
      );

      const defaults = await listPromptsPage(ctx);
      expect(defaults.prompts).toHaveLength(8);
      expect(defaults.hasNextPage).toBe(false);
      const empty = await listPromptsPage(ctx, { content: "nothing like this" });
      expect(empty).toEqual({ prompts: [], hasNextPage: false, endCursor: null });
    });

    it("pages through content matches containing LIKE wildcards literally", async () => {
      const ctx = await account();
      for (let i = 0; i < 250; i++) await t.db.prompt.create({ data: { userId: ctx.userId, text: `noise ${i} axb`, textLower: searchKey(`noise ${i} axb`), createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i)) } });
      for (let i = 0; i < 5; i++) await t.db.prompt.create({ data: { userId: ctx.userId, text: `deal ${i} a_b`, textLower: searchKey(`deal ${i} a_b`), createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, i)) } });
      // As a LIKE pattern "a_b" also matches the 250 newer "axb" rows; only literal matches count.
      const first = await listPromptsPage(ctx, { content: "a_b", first: 2 });
      expect(texts(first.prompts)).toEqual(["deal 4 a_b", "deal 3 a_b"]);
      expect(first.hasNextPage).toBe(true);
      const rest = await listPromptsPage(ctx, { content: "a_b", first: 10, after: first.endCursor });
      expect(texts(rest.prompts)).toEqual(["deal 2 a_b", "deal 1 a_b", "deal 0 a_b"]);
      expect(rest.hasNextPage).toBe(false);
      expect(await listPrompts(ctx, { content: "a_b" })).toHaveLength(5);
    });

    it("rejects bad pagination arguments", async () => {
      const ctx = await account();
      for (const after of ["garbage", Buffer.from("123").toString("base64url"), Buffer.from("99999999999999999:x").toString("base64url")]) {
        const error = await rejects(listPromptsPage(ctx, { after }), ValidationError);
        expect(error.issues).toEqual([{ path: ["after"], message: "is not a valid cursor" }]);
      }
      expect((await rejects(listPromptsPage(ctx, { first: 0 }), ValidationError)).issues[0]?.path).toEqual(["first"]);
      expect((await rejects(listPromptsPage(ctx, { first: 101 }), ValidationError)).issues[0]?.path).toEqual(["first"]);
      expect((await rejects(listPromptsPage(ctx, { first: 1.5 }), ValidationError)).issues[0]?.path).toEqual(["first"]);
    });
  });

  describe("updatePrompt", () => {
    it("requires at least one field", async () => {
      const ctx = await account();
      const prompt = await createPrompt(ctx, { text: "x" });
      for (const input of [{}, { text: null, labels: null }, { text: undefined }]) {
        const error = await rejects(updatePrompt(ctx, prompt.id, input), ValidationError);
        expect(error.message).toBe("At least one of text or labels must be provided");
        expect(error.issues).toEqual([{ path: [], message: "At least one of text or labels must be provided" }]);
      }
      const blank = await rejects(updatePrompt(ctx, prompt.id, { text: " " }), ValidationError);
      expect(blank.issues).toEqual([{ path: ["text"], message: "is required" }]);
    });

    it("updates the text (and its searchable copy) and keeps labels when they are not given", async () => {
      const ctx = await account();
      const prompt = await createPrompt(ctx, { text: "Old text", labels: [{ name: "Keep" }] });
      const updated = await updatePrompt(ctx, prompt.id, { text: "  New TEXT  " });
      expect(updated.text).toBe("New TEXT");
      expect(updated.textLower).toBe("new text");
      expect(labelsOf(updated)).toEqual([{ name: "Keep", color: DEFAULT_LABEL_COLOR }]);
      expect(updated.updatedAt.getTime()).toBeGreaterThan(prompt.updatedAt.getTime());
      expect(updated.createdAt).toEqual(prompt.createdAt);
      expect(texts(await listPrompts(ctx, { content: "new t" }))).toEqual(["New TEXT"]);
      expect(await listPrompts(ctx, { content: "old" })).toEqual([]);
    });

    it("replaces the label set, reusing and creating labels; [] removes them all", async () => {
      const ctx = await account();
      const prompt = await createPrompt(ctx, { text: "p", labels: [{ name: "A" }, { name: "B" }] });
      const replaced = await updatePrompt(ctx, prompt.id, { labels: [{ name: "b", color: "#FF0000" }, { name: "C" }] });
      expect(replaced.text).toBe("p");
      expect(labelsOf(replaced)).toEqual([
        { name: "B", color: "#ff0000" },
        { name: "C", color: DEFAULT_LABEL_COLOR },
      ]);
      // "A" is unlinked but still exists.
      expect((await listLabels(ctx)).map((l) => l.name)).toEqual(["A", "B", "C"]);
      const cleared = await updatePrompt(ctx, prompt.id, { labels: [] });
      expect(cleared.labels).toEqual([]);
      expect(texts(await listPrompts(ctx, { label: "__no_label__" }))).toEqual(["p"]);

      const bad = await rejects(updatePrompt(ctx, prompt.id, { text: "changed", labels: [{ name: "D", color: "red" }] }), ValidationError);
      expect(bad.issues[0]?.path).toEqual(["labels", 0, "color"]);
      expect((await getPrompt(ctx, prompt.id)).text).toBe("p");
    });

    it("throws NotFoundError for an unknown id", async () => {
      const ctx = await account();
      await rejects(updatePrompt(ctx, "nope", { text: "x" }), NotFoundError);
    });
  });

  describe("deletePrompt", () => {
    it("never deletes invoices made from the prompt: their promptId becomes null", async () => {
      const ctx = await account();
      const prompt = await createPrompt(ctx, { text: "Invoice ACME", labels: [{ name: "Keep" }] });
      const invoice = await ctx.db.invoice.create({
        data: {
          userId: ctx.userId,
          number: "INV-0001",
          title: "From a prompt",
          issuedAt: "2025-01-15",
          dueAt: "2025-02-14",
          currency: "USD",
          locale: "en-US",
          fromDetails: [],
          toDetails: [],
          paymentDetails: [],
          searchText: "from a prompt inv-0001",
          subtotalMinor: 0n,
          discountMinor: 0n,
          taxMinor: 0n,
          totalMinor: 0n,
          promptId: prompt.id,
          promptText: prompt.text,
        },
      });
      expect(invoice.promptId).toBe(prompt.id);

      const deleted = await deletePrompt(ctx, prompt.id);
      expect(deleted.id).toBe(prompt.id);
      expect(labelsOf(deleted)).toEqual([{ name: "Keep", color: DEFAULT_LABEL_COLOR }]);
      await rejects(getPrompt(ctx, prompt.id), NotFoundError);
      await rejects(deletePrompt(ctx, prompt.id), NotFoundError);

      const after = await ctx.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } });
      expect(after.promptId).toBeNull();
      expect(after.promptText).toBe("Invoice ACME");
      // The label survives; it is merely unused now.
      expect((await listLabels(ctx)).map((l) => l.name)).toEqual(["Keep"]);
      expect(await listLabelNames(ctx)).toEqual([]);
    });
  });

  describe("labels", () => {
    it("creates, lists, renames, recolours and deletes labels", async () => {
      const ctx = await account();
      const zeta = await createLabel(ctx, { name: " zeta ", color: "#ABCDEF" });
      expect(zeta).toMatchObject({ name: "zeta", nameLower: "zeta", color: "#abcdef", userId: ctx.userId });
      const alpha = await createLabel(ctx, { name: "Alpha" });
      expect(alpha.color).toBe(DEFAULT_LABEL_COLOR);
      await createLabel(ctx, { name: "beta", color: "#000000" });
      expect((await listLabels(ctx)).map((l) => [l.name, l.color])).toEqual([
        ["Alpha", DEFAULT_LABEL_COLOR],
        ["beta", "#000000"],
        ["zeta", "#abcdef"],
      ]);
      expect(await getLabel(ctx, zeta.id)).toEqual(zeta);

      const renamed = await updateLabel(ctx, zeta.id, { name: "Omega" });
      expect(renamed).toMatchObject({ name: "Omega", nameLower: "omega", color: "#abcdef" });
      const recased = await updateLabel(ctx, zeta.id, { name: "OMEGA" });
      expect(recased.name).toBe("OMEGA");
      const recoloured = await updateLabel(ctx, zeta.id, { color: "#00FF00" });
      expect(recoloured).toMatchObject({ name: "OMEGA", color: "#00ff00" });

      const empty = await rejects(updateLabel(ctx, zeta.id, {}), ValidationError);
      expect(empty.message).toBe("At least one of name or color must be provided");
      const badColour = await rejects(updateLabel(ctx, zeta.id, { color: "#fff" }), ValidationError);
      expect(badColour.issues).toEqual([{ path: ["color"], message: "must be a hex colour like #3b82f6" }]);
      const badName = await rejects(createLabel(ctx, { name: "" }), ValidationError);
      expect(badName.issues).toEqual([{ path: ["name"], message: "is required" }]);
    });

    it("rejects case-insensitive duplicates with ConflictError", async () => {
      const ctx = await account();
      const consulting = await createLabel(ctx, { name: "Consulting" });
      const design = await createLabel(ctx, { name: "Design" });
      const dup = await rejects(createLabel(ctx, { name: "CONSULTING", color: "#000000" }), ConflictError);
      expect(dup.message).toBe('A label named "Consulting" already exists');
      const clash = await rejects(updateLabel(ctx, design.id, { name: "consulting" }), ConflictError);
      expect(clash.message).toBe('A label named "Consulting" already exists');
      expect(await getLabel(ctx, design.id)).toEqual(design);
      expect(await getLabel(ctx, consulting.id)).toEqual(consulting);
      await rejects(updateLabel(ctx, "nope", { name: "x" }), NotFoundError);
      await rejects(deleteLabel(ctx, "nope"), NotFoundError);
      await rejects(getLabel(ctx, "nope"), NotFoundError);
    });

    it("renaming or recolouring a label shows on its prompts; deleting it unlinks it and keeps the prompts", async () => {
      const ctx = await account();
      const prompt = await createPrompt(ctx, { text: "p", labels: [{ name: "Old" }, { name: "Other" }] });
      const old = prompt.labels.find((l) => l.name === "Old")!;
      await updateLabel(ctx, old.id, { name: "New", color: "#123456" });
      expect(labelsOf(await getPrompt(ctx, prompt.id))).toEqual([
        { name: "New", color: "#123456" },
        { name: "Other", color: DEFAULT_LABEL_COLOR },
      ]);
      expect(texts(await listPrompts(ctx, { label: "new" }))).toEqual(["p"]);
      expect(await listPrompts(ctx, { label: "old" })).toEqual([]);

      const deleted = await deleteLabel(ctx, old.id);
      expect(deleted.id).toBe(old.id);
      expect(labelsOf(await getPrompt(ctx, prompt.id))).toEqual([{ name: "Other", color: DEFAULT_LABEL_COLOR }]);
      expect((await listLabels(ctx)).map((l) => l.name)).toEqual(["Other"]);
      await rejects(getLabel(ctx, old.id), NotFoundError);
      // A deleted label's name is free again.
      expect((await createLabel(ctx, { name: "new" })).name).toBe("new");
    });

    it("lists distinct names of labels in use, sorted case-insensitively", async () => {
      const ctx = await account();
      await createPrompt(ctx, { text: "1", labels: [{ name: "development" }, { name: "Consulting" }] });
      await createPrompt(ctx, { text: "2", labels: [{ name: "CONSULTING" }, { name: "Design" }] });
      await createPrompt(ctx, { text: "3", labels: [{ name: "ärger" }, { name: "Zeta" }] });
      await createPrompt(ctx, { text: "4" });
      await createLabel(ctx, { name: "Unused" });
      expect(await listLabelNames(ctx)).toEqual(["ärger", "Consulting", "Design", "development", "Zeta"]);
      expect((await listLabels(ctx)).map((l) => l.name)).toEqual(["ärger", "Consulting", "Design", "development", "Unused", "Zeta"]);
    });
  });

  describe("account isolation", () => {
    it("another account's prompts and labels are invisible and untouchable", async () => {
      const a = await account();
      const b = await account();
      const aPrompt = await createPrompt(a, { text: "A's secret consulting", labels: [{ name: "Consulting", color: "#111111" }] });
      const aLabel = aPrompt.labels[0]!;
      const aUnused = await createLabel(a, { name: "Private" });

      for (const call of [
        () => getPrompt(b, aPrompt.id),
        () => updatePrompt(b, aPrompt.id, { text: "hijacked" }),
        () => updatePrompt(b, aPrompt.id, { labels: [] }),
        () => deletePrompt(b, aPrompt.id),
        () => getLabel(b, aLabel.id),
        () => updateLabel(b, aLabel.id, { name: "hijacked" }),
        () => updateLabel(b, aUnused.id, { color: "#000000" }),
        () => deleteLabel(b, aLabel.id),
      ]) {
        const error = await rejects(call(), NotFoundError);
        expect(["Prompt not found", "Label not found"]).toContain(error.message);
      }

      expect(await listPrompts(b)).toEqual([]);
      expect(await listPrompts(b, { content: "secret" })).toEqual([]);
      expect(await listPrompts(b, { label: "consulting" })).toEqual([]);
      expect(await listPrompts(b, { label: "__no_label__" })).toEqual([]);
      expect((await listPromptsPage(b)).prompts).toEqual([]);
      expect(await listLabels(b)).toEqual([]);
      expect(await listLabelNames(b)).toEqual([]);

      // B's labels are its own, even with the same name; A's colour is untouched.
      const bPrompt = await createPrompt(b, { text: "B's consulting", labels: [{ name: "CONSULTING", color: "#222222" }] });
      expect(bPrompt.labels[0]!.id).not.toBe(aLabel.id);
      expect((await createLabel(b, { name: "private" })).id).not.toBe(aUnused.id);
      // A cursor from A's list reveals nothing of A's prompts to B.
      const aPage = await listPromptsPage(a, { first: 1 });
      expect((await listPromptsPage(b, { after: aPage.endCursor })).prompts.map((p) => p.userId)).not.toContain(a.userId);

      expect(await getPrompt(a, aPrompt.id)).toEqual(aPrompt);
      expect(labelsOf(await getPrompt(a, aPrompt.id))).toEqual([{ name: "Consulting", color: "#111111" }]);
      expect(texts(await listPrompts(a))).toEqual(["A's secret consulting"]);
      expect(await listLabelNames(a)).toEqual(["Consulting"]);
      expect(await listLabelNames(b)).toEqual(["CONSULTING"]);
    });
  });
});
