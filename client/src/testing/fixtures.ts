/** The signed-in account the SPA's component tests render with (what ViewerQuery returns). */
export const testViewer = {
  id: "u1",
  email: "ada@example.com",
  displayName: "Ada",
  businessName: null,
  businessDetails: [],
  defaultCurrency: "USD",
  locale: "en-US",
  timezone: "UTC",
  invoiceNumberPrefix: "INV-",
  invoiceNumberDigits: 4,
  createdAt: "2026-01-01T00:00:00.000Z",
};
