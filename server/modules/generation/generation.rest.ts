/**
 * The generator over REST: the prompt branch of POST /api/v1/invoices (Invobi API v1).
 * It reads the body, calls the generator port (AppServices.generateInvoice; absent →
 * 501) and answers its failures the REST way: an LlmError with its status,
 * {"error", "missing"?} and Retry-After; a ValidationError with the body's field names.
 * The route and the invoice's JSON stay in invoices.rest.ts.
 */
import { z } from "zod";
import { KEYLESS_PROVIDERS, LLM_PROVIDERS, isKeylessProvider, isLlmProvider, type LlmProvider } from "../../../common/llm-providers.ts";
import { serviceContext, type RequestContext } from "../../context.ts";
import { DomainError, ValidationError } from "../../errors.ts";
import { ApiError } from "../../rest/respond.ts";
import { PromptTextSchema } from "../prompts/prompts.schemas.ts";
import { getPrompt } from "../prompts/prompts.service.ts";
import { LlmError, scrubSecret, type GeneratedInvoice } from "./generation.port.ts";

const providerList = LLM_PROVIDERS.join(", ");

export const GenerateInvoiceBody = z
  .object({
    prompt: PromptTextSchema.optional().describe("Natural language description of the invoice to create."),
    prompt_id: z.string().trim().min(1).max(64).optional().describe("A saved prompt to generate from (instead of, or recorded as the origin of, prompt)."),
    llm_provider: z
      .enum(LLM_PROVIDERS, {
        error: (issue) =>
          issue.input === undefined ? `is required; supported values: ${providerList}` : `must be one of: ${providerList}`,
      })
      .describe("LLM provider to use."),
    llm_api_key: z
      .string({ message: "must be a string" })
      .trim()
      .min(1, "must not be empty")
      .max(1000, "is too long")
      .optional()
      .describe("Your API key for the chosen provider. Not needed for offline and openai-compatible. Never stored or logged."),
    llm_base_url: z
      .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
      .optional()
      .describe(
        "openai-compatible: the server's base URL (e.g. http://localhost:11434/v1). It must resolve to a public address unless the Invobi server runs with ALLOW_PRIVATE_LLM_URLS=true.",
      ),
    llm_model: z.string().trim().min(1).max(200).optional().describe("openai-compatible: the model name."),
  })
  .refine((b) => Boolean(b.prompt || b.prompt_id), {
    path: ["prompt"],
    message: "is required: describe the invoice in plain words",
    when: () => true,
  })
  .refine((b) => !requiresKey(b.llm_provider) || Boolean(b.llm_api_key), {
    path: ["llm_api_key"],
    message: `is required for this llm_provider (only ${KEYLESS_PROVIDERS.join(" and ")} work without one)`,
    when: (payload) => isLlmProvider(String((payload.value as { llm_provider?: unknown })?.llm_provider)),
  })
  .meta({ title: "AI generation", description: `Describe the invoice in plain words; an LLM turns it into an invoice. Providers: ${providerList}.` });

export type GenerateInvoiceBodyOutput = z.output<typeof GenerateInvoiceBody>;

function requiresKey(provider: LlmProvider | undefined): boolean {
  return provider !== undefined && !isKeylessProvider(provider);
}

/** GenerateRequest's field names as the REST body spells them. */
const REST_FIELDS: Record<string, string> = {
  provider: "llm_provider",
  apiKey: "llm_api_key",
  baseUrl: "llm_base_url",
  model: "llm_model",
  promptId: "prompt_id",
};

/**
 * A generator's ValidationError (paths in GenerateRequest's names, e.g. ["baseUrl"])
 * with the paths a REST caller wrote: "llm_base_url: resolves to …".
 */
export function restGenerationValidationError(error: ValidationError): ValidationError {
  if (!error.issues.length) return error;
  return ValidationError.fromIssues(
    error.issues.map((issue) => {
      const renamed = typeof issue.path[0] === "string" ? REST_FIELDS[issue.path[0]] : undefined;
      return renamed ? { path: [renamed, ...issue.path.slice(1)], message: issue.message } : issue;
    }),
  );
}

export interface PromptGeneration extends GeneratedInvoice {
  /** The invoice's origin, as a preview shows it. */
  origin: { promptId: string | null; promptText: string; llmProvider: LlmProvider };
}

/** Generates the invoice a prompt body describes (stored, or with `preview` only built). */
export async function generateFromPrompt(
  requestContext: RequestContext,
  body: GenerateInvoiceBodyOutput,
  options: { preview: boolean; requestKey: string | undefined },
): Promise<PromptGeneration> {
  const generate = requestContext.generateInvoice;
  if (!generate) throw new ApiError(501, "AI generation is not configured");
  const saved = body.prompt_id ? await getPrompt(serviceContext(requestContext), body.prompt_id) : null;
  const prompt = body.prompt ?? saved!.text;
  const apiKey = body.llm_api_key;
  try {
    const result = await generate(requestContext, {
      prompt,
      provider: body.llm_provider,
      apiKey,
      baseUrl: body.llm_base_url,
      model: body.llm_model,
      preview: options.preview,
      promptId: saved?.id,
      requestKey: options.requestKey,
    });
    return { ...result, origin: { promptId: saved?.id ?? null, promptText: prompt, llmProvider: body.llm_provider } };
  } catch (error) {
    if (error instanceof LlmError) {
      throw new ApiError(
        error.status,
        scrubSecret(error.message, apiKey),
        error.missing.length ? { missing: error.missing } : {},
        error.retryAfterSeconds !== null ? { "Retry-After": String(error.retryAfterSeconds) } : {},
      );
    }
    if (error instanceof ValidationError) throw restGenerationValidationError(error);
    if (error instanceof DomainError) throw error;
    // Whatever the engine threw may quote the key: log and rethrow a scrubbed copy only.
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`AI generation failed: ${scrubSecret(message, apiKey)}`);
  }
}
