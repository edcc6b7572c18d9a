import { graphql } from "../../gql/index.ts";

export const GeneratedPreviewFragment = graphql(`
  fragment GeneratedPreview on InvoicePreview {
    number
    title
    status
    issuedAt
    dueAt
    currency
    locale
    notes
    customerName
    customerEmail
    fromDetails {
      label
      value
    }
    toDetails {
      label
      value
    }
    paymentDetails {
      label
      value
    }
    items {
      description
      quantity
      unit
      unitPrice
      discountPercent
      taxPercent
      taxName
      amount {
        ...MoneyFields
      }
    }
    totals {
      discounts {
        description
        kind
        value
        amount {
          ...MoneyFields
        }
      }
      taxes {
        name
        rate
        base {
          ...MoneyFields
        }
        amount {
          ...MoneyFields
        }
      }
      subtotal {
        ...MoneyFields
      }
      discountTotal {
        ...MoneyFields
      }
      taxTotal {
        ...MoneyFields
      }
    }
    total {
      ...MoneyFields
    }
  }
`);

/**
 * The key is an argument of its own (not part of `input`): GraphQL variable errors
 * quote the offending input object, and must never quote the key.
 */
export const GenerateInvoiceMutation = graphql(`
  mutation GenerateInvoice($input: GenerateInvoiceInput!, $apiKey: String) {
    generateInvoice(input: $input, apiKey: $apiKey) {
      __typename
      ... on GenerateInvoiceSuccess {
        generatedInvoice {
          provider
          model
          attempts
          missing
          preview {
            ...GeneratedPreview
          }
        }
      }
      ...ErrorFields
      ... on GenerationError {
        status
        retryAfterSeconds
        missing
      }
    }
  }
`);

/** Saved prompts for the "use a saved prompt" picker (newest first, one page). */
export const SavedPromptsQuery = graphql(`
  query SavedPrompts($first: Int) {
    prompts(first: $first) {
      edges {
        node {
          id
          rawId
          text
        }
      }
    }
  }
`);

/** One saved prompt by its global id, for a prompt chosen elsewhere that is not in the picker's page. */
export const SavedPromptQuery = graphql(`
  query SavedPrompt($id: ID!) {
    node(id: $id) {
      __typename
      ... on Prompt {
        id
        rawId
        text
      }
    }
  }
`);
