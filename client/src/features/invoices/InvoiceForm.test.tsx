import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MutationError } from "../../lib/result.ts";
import { newInvoiceValues, type InvoiceFormValues, type InvoiceInput } from "../../lib/invoice-form/form-model.ts";
import { InvoiceForm } from "./InvoiceForm.tsx";

afterEach(cleanup);

const account = { defaultCurrency: "USD", locale: "en-US", businessName: "Studio Ada", businessDetails: [] };

function renderForm(
  onSubmit = vi.fn<(input: InvoiceInput) => Promise<unknown>>(async () => undefined),
  overrides: Partial<InvoiceFormValues> = {},
) {
  const defaultValues = { ...newInvoiceValues(account, "2026-03-01"), ...overrides };
  const utils = render(<InvoiceForm mode="create" defaultValues={defaultValues} onSubmit={onSubmit} />);
  return { ...utils, onSubmit };
}

const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const type = (label: string, value: string) => fireEvent.change(field(label), { target: { value } });
const submit = () => fireEvent.click(screen.getByRole("button", { name: "Create invoice" }));

/** The error message shown for a field (linked through aria-describedby). */
function errorOf(label: string): string | null {
  const input = field(label);
  if (input.getAttribute("aria-invalid") !== "true") return null;
  const ids = (input.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean);
  const error = ids.map((id) => document.getElementById(id)).find((node) => node?.classList.contains("field-error"));
  return error?.textContent ?? null;
}

describe("InvoiceForm", () => {
  it("validates with the shared InvoiceCreateSchema and shows the errors on the fields", async () => {
    const { onSubmit } = renderForm();
    type("Item 1 quantity", "ten");
    type("Customer email", "not-an-email");
    type("Currency", "dollars");
    submit();

    await waitFor(() => expect(errorOf("Item 1 description")).toBe("Required"));
    expect(errorOf("Item 1 quantity")).toBe('Must be a decimal number like "12.50"');
    expect(errorOf("Item 1 unit price")).toBe('Must be a decimal number like "12.50"');
    expect(errorOf("Customer email")).toBe("Must be a valid email address");
    expect(errorOf("Currency")).toBe("Must be a three-letter ISO 4217 code");
    expect(screen.getByText("5 fields need your attention")).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();

    // Fixing a field clears its error as the user types (re-validation on change).
    type("Item 1 description", "Consulting");
    await waitFor(() => expect(errorOf("Item 1 description")).toBeNull());
  });

  it("applies the shared money rules too (precision of the currency)", async () => {
    const { onSubmit } = renderForm();
    type("Currency", "JPY");
    type("Item 1 description", "Design");
    type("Item 1 quantity", "1");
    type("Item 1 unit price", "0.123456");
    submit();
    await waitFor(() => expect(errorOf("Item 1 unit price")).toMatch(/decimal/i));
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('previews the total live: 10 × 150 with 10 % tax is "$1,650.00"', async () => {
    renderForm();
    type("Item 1 description", "Consulting");
    type("Item 1 quantity", "10");
    type("Item 1 unit price", "150");
    await waitFor(() => expect(screen.getByTestId("preview-total").textContent).toBe("$1,500.00"));

    fireEvent.click(screen.getByRole("button", { name: "Add tax" }));
    type("Tax 1 rate", "10");

    await waitFor(() => expect(screen.getByTestId("preview-total").textContent).toBe("$1,650.00"));
    expect(screen.getByTestId("preview-subtotal").textContent).toBe("$1,500.00");
    expect(screen.getByLabelText("Item 1 amount").textContent).toBe("$1,500.00");
    const summary = screen.getByRole("region", { name: "Summary" });
    expect(within(summary).getByText(/Tax 10%/)).toBeTruthy();
  });

  it("sends GraphQL input without empty optional fields", async () => {
    const { onSubmit } = renderForm();
    type("Customer name", "Acme Corp");
    type("Item 1 description", "Consulting");
    type("Item 1 quantity", "10");
    type("Item 1 unit", "h");
    type("Item 1 unit price", "150");
    fireEvent.click(screen.getByRole("button", { name: "Add tax" }));
    type("Tax 1 rate", "10");
    submit();

    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const input = vi.mocked(onSubmit).mock.calls[0]![0];
    expect(input).toEqual({
      items: [{ description: "Consulting", quantity: "10", unit: "h", unitPrice: "150", discountPercent: null, taxPercent: null, taxName: null }],
      taxes: [{ name: "Tax", rate: "10" }],
      issuedAt: "2026-03-01",
      currency: "USD",
      locale: "en-US",
      customer: { name: "Acme Corp", email: null, address: null, city: null, state: null, zip: null, country: null, ref: null, logoUrl: null },
      fromDetails: [{ label: "Name", value: "Studio Ada" }],
    });
  });

  it("reorders line items with Move up / Move down; the submitted order follows and focus stays with the moved line", async () => {
    const { onSubmit } = renderForm();
    const itemsCard = screen.getByRole("table", { name: "Line items" }).closest("section")!;
    const addLine = () => fireEvent.click(within(itemsCard).getByRole("button", { name: "Add item" }));
    addLine();
    addLine();
    ["Design", "Hosting", "Support"].forEach((description, i) => {
      type(`Item ${i + 1} description`, description);
      type(`Item ${i + 1} quantity`, String(i + 1));
      type(`Item ${i + 1} unit price`, "10");
    });
    const button = (name: string) => screen.getByRole("button", { name }) as HTMLButtonElement;

    // The ends cannot move further out.
    expect(button("Move item 1 up").disabled).toBe(true);
    expect(button("Move item 3 down").disabled).toBe(true);
    expect(button("Move item 2 up").disabled).toBe(false);

    // "Support" up to the top, in two steps; focus follows it.
    button("Move item 3 up").focus();
    fireEvent.click(button("Move item 3 up"));
    await waitFor(() => expect(field("Item 2 description").value).toBe("Support"));
    expect(document.activeElement).toBe(button("Move item 2 up"));
    fireEvent.click(button("Move item 2 up"));
    await waitFor(() => expect(field("Item 1 description").value).toBe("Support"));
    // At the top its "up" is disabled, so focus moves to its "down".
    expect(document.activeElement).toBe(button("Move item 1 down"));
    expect(screen.getByText("“Support” moved to line 1 of 3.")).toBeTruthy();

    // "Design" (now line 2) down to the end.
    fireEvent.click(button("Move item 2 down"));
    await waitFor(() => expect(field("Item 3 description").value).toBe("Design"));
    expect(document.activeElement).toBe(button("Move item 3 up"));
    // Each line's amount moved with it.
    expect(screen.getByLabelText("Item 1 amount").textContent).toBe("$30.00");
    expect(screen.getByLabelText("Item 3 amount").textContent).toBe("$10.00");

    submit();
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const input = vi.mocked(onSubmit).mock.calls[0]![0];
    expect(input.items.map((item) => [item.description, item.quantity])).toEqual([
      ["Support", "3"],
      ["Hosting", "2"],
      ["Design", "1"],
    ]);
  });

  it("maps a server ValidationError's issue paths onto the form fields", async () => {
    const onSubmit = vi.fn<(input: InvoiceInput) => Promise<unknown>>(async () => {
      throw new MutationError("Invalid input", "VALIDATION", "ValidationError", [
        { path: ["items", "0", "unitPrice"], message: "has more decimals than JPY allows" },
        { path: ["customer", "email"], message: "is already used by another customer" },
        // The blank first payment line is not sent, so the server's line 0 is the form's line 2.
        { path: ["paymentDetails", "0", "value"], message: "must be at most 1000 characters" },
        { path: ["status"], message: "must be paid when paidAt is given" },
      ]);
    });
    renderForm(onSubmit, {
      paymentDetails: [
        { label: "", value: "" },
        { label: "IBAN", value: "DE00 1234" },
      ],
    });
    type("Item 1 description", "Consulting");
    type("Item 1 quantity", "1");
    type("Item 1 unit price", "100");
    submit();

    await waitFor(() => expect(errorOf("Item 1 unit price")).toBe("Has more decimals than JPY allows"));
    expect(errorOf("Customer email")).toBe("Is already used by another customer");
    expect(errorOf("Payment line 2 value")).toBe("Must be at most 1000 characters");
    expect(errorOf("Payment line 1 value")).toBeNull();
    // An issue no field shows is listed above the form.
    expect(screen.getByText("status: must be paid when paidAt is given")).toBeTruthy();
    expect(screen.getByText("The invoice could not be saved")).toBeTruthy();
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });
});
