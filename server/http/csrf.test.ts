/**
 * Cross-origin writes with the session cookie (server/http/csrf.ts): one rule on
 * every unsafe /graphql request whatever its content type. A page on another port
 * of the same host is "same site", so SameSite=Lax sends it our cookie; before this
 * rule such a page minted an API token with a JSON POST.
 */
import { describe, expect, it } from "vitest";
import { createAccount, signInCookie } from "../test/factories.ts";
import { createTestApp, useTestApp, type TestApp } from "../test/harness.ts";

const MINT = `mutation { createApiToken(input: { name: "minted", permissions: [READ, WRITE] }) { __typename } }`;
const EVIL = "http://localhost:5555";

async function post(t: TestApp, headers: Record<string, string>, query = MINT, contentType = "application/json") {
  const response = await t.request("/graphql", {
    method: "POST",
    headers: { "content-type": contentType, ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as any, headers: response.headers };
}

describe("cookie-authenticated writes to /graphql", () => {
  const t = useTestApp();
  const minted = (userId: string) => t.db.apiToken.count({ where: { userId, name: "minted" } });

  it("are refused from another origin, whatever the content type or browser headers", async () => {
    const a = await createAccount(t.db);
    const cookie = await signInCookie(t, a.email, a.password);
    const forgeries: [string, Record<string, string>, string?][] = [
      ["JSON from another port", { origin: EVIL }],
      ["JSON, Sec-Fetch-Site: same-site", { origin: EVIL, "sec-fetch-site": "same-site" }],
      ["JSON, Sec-Fetch-Site: cross-site without Origin", { "sec-fetch-site": "cross-site" }],
      ["text/plain form", { origin: EVIL }, "text/plain"],
      ["urlencoded form", { origin: "https://evil.example" }, "application/x-www-form-urlencoded"],
      ["opaque origin (sandboxed frame)", { origin: "null" }],
      ["Sec-Fetch-Site: same-origin is not claimed by a page elsewhere", { origin: EVIL, "sec-fetch-site": "cross-site" }],
      ["no Origin at all (every browser sends one on POST)", {}],
    ];
    for (const [name, headers, contentType] of forgeries) {
      const res = await post(t, { cookie, ...headers }, MINT, contentType);
      expect(res.status, name).toBe(403);
      expect(res.body.error, name).toMatch(/^Cross-origin request rejected/);
      expect(res.body.errors?.[0]?.extensions?.code, name).toBe("FORBIDDEN");
    }
    expect(await minted(a.user.id)).toBe(0);
  });

  it("run from the app's own pages: Origin naming this host, or Sec-Fetch-Site: same-origin", async () => {
    const a = await createAccount(t.db);
    const cookie = await signInCookie(t, a.email, a.password);
    expect((await post(t, { cookie, origin: "http://localhost" })).body.data.createApiToken.__typename).toBe("CreateApiTokenSuccess");
    expect((await post(t, { cookie, "sec-fetch-site": "same-origin" })).status).toBe(200);
    // Behind a proxy that rewrites Host, X-Forwarded-Host names the site the browser saw.
    const proxied = await post(t, { cookie, origin: "https://invoices.example.com", "x-forwarded-host": "invoices.example.com" });
    expect(proxied.status).toBe(200);
    expect(await minted(a.user.id)).toBe(3);
  });

  it("leave bearer-token requests alone: a page elsewhere has no token to send", async () => {
    const a = await createAccount(t.db);
    const res = await post(t, { ...a.auth, origin: EVIL, "sec-fetch-site": "cross-site" }, `mutation { createPrompt(input: { text: "from a browser app elsewhere" }) { __typename } }`);
    expect(res.body.data.createPrompt.__typename).toBe("CreatePromptSuccess");
  });

  it("refuse a sign-in posted from another origin (login CSRF), but not from scripts without a browser", async () => {
    const a = await createAccount(t.db);
    const signIn = `mutation { signIn(input: { email: "${a.email}", password: "${a.password}" }) { __typename } }`;
    const forged = await post(t, { origin: EVIL }, signIn, "text/plain");
    expect(forged.status).toBe(403);
    expect(forged.headers.getSetCookie()).toEqual([]);
    const script = await post(t, {}, signIn);
    expect(script.body.data.signIn.__typename).toBe("SignInSuccess");
  });

  it("reads stay possible with GET (a page elsewhere cannot read the answer), mutations are not", async () => {
    const a = await createAccount(t.db);
    const cookie = await signInCookie(t, a.email, a.password);
    const read = await t.request(`/graphql?query=${encodeURIComponent("{ viewer { email } }")}`, { headers: { cookie, accept: "application/json" } });
    expect(((await read.json()) as any).data.viewer.email).toBe(a.email);
    const write = await t.request(`/graphql?query=${encodeURIComponent(MINT)}`, { headers: { cookie, origin: EVIL, accept: "application/json" } });
    expect(write.status).toBe(405);
    expect(await minted(a.user.id)).toBe(0);
  });
});

describe("cookie-authenticated writes with CORS_ORIGINS", () => {
  it("run from an origin on the allow-list, and only from there", async () => {
    const t = await createTestApp({ config: { CORS_ORIGINS: [EVIL] } });
    try {
      const a = await createAccount(t.db);
      const cookie = await signInCookie(t, a.email, a.password);
      expect((await post(t, { cookie, origin: EVIL, "sec-fetch-site": "same-site" })).status).toBe(200);
      expect((await post(t, { cookie, origin: "http://localhost:6666", "sec-fetch-site": "same-site" })).status).toBe(403);
      expect(await t.db.apiToken.count({ where: { userId: a.user.id, name: "minted" } })).toBe(1);
    } finally {
      await t.database.destroy();
    }
  });
});
