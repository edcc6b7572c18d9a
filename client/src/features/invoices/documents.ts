import { graphql } from "../../gql/index.ts";

export const MoneyFieldsFragment = graphql(`
  fragment MoneyFields on Money {
    amount
    minor
    currencyCode
    formatted
  }
`);

export const InvoiceListItemFragment = graphql(`
  fragment InvoiceListItem on Invoice {
    id
    rawId
    number
    title
    status
    issuedAt
    dueAt
    paidAt
    isOverdue
    currency
    customer {
      name
      email
    }
    total {
      ...MoneyFields
    }
  }
`);

export const InvoiceDetailFragment = graphql(`
  fragment InvoiceDetail on Invoice {
    id
    rawId
    number
    title
    status
    issuedAt
    dueAt
    paidAt
    isOverdue
    currency
    locale
    notes
    promptText
    createdAt
    updatedAt
    customer {
      ref
      name
      email
      address
      city
      state
      zip
      country
      logoUrl
    }
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
      id
      position
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
    discounts {
      id
      kind
      value
      description
    }
    taxes {
      id
      name
      rate
    }
    totals {
      subtotal {
        ...MoneyFields
      }
      discounts {
        kind
        value
        description
        amount {
          ...MoneyFields
        }
      }
      discountTotal {
        ...MoneyFields
      }
      taxable {
        ...MoneyFields
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
      taxTotal {
        ...MoneyFields
      }
      total {
        ...MoneyFields
      }
    }
  }
`);

export const InvoicesQuery = graphql(`
  query Invoices(
    $first: Int
    $after: String
    $last: Int
    $before: String
    $filter: InvoiceFilter
    $orderBy: InvoiceOrder
  ) {
    invoices(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        cursor
        node {
          ...InvoiceListItem
        }
      }
    }
  }
`);

export const InvoiceQuery = graphql(`
  query Invoice($id: ID!) {
    invoice(id: $id) {
      ...InvoiceDetail
    }
  }
`);

export const CreateInvoiceMutation = graphql(`
  mutation CreateInvoice($input: CreateInvoiceInput!) {
    createInvoice(input: $input) {
      __typename
      ... on CreateInvoiceSuccess {
        invoice {
          ...InvoiceDetail
        }
      }
      ...ErrorFields
    }
  }
`);

export const UpdateInvoiceMutation = graphql(`
  mutation UpdateInvoice($input: UpdateInvoiceInput!) {
    updateInvoice(input: $input) {
      __typename
      ... on UpdateInvoiceSuccess {
        invoice {
          ...InvoiceDetail
        }
      }
      ...ErrorFields
    }
  }
`);

export const MarkInvoicePaidMutation = graphql(`
  mutation MarkInvoicePaid($id: ID!, $paidAt: Date) {
    markInvoicePaid(input: { id: $id, paidAt: $paidAt }) {
      __typename
      ... on MarkInvoicePaidSuccess {
        invoice {
          ...InvoiceDetail
        }
      }
      ...ErrorFields
    }
  }
`);

/**
 * The two status changes select `message code` of their errors, not ...ErrorFields:
 * without the issues, a ValidationError (a change a stale page still offers) shows the
 * server's own message ("status: A cancelled invoice cannot…"), as it always has.
 */
export const MarkInvoiceUnpaidMutation = graphql(`
  mutation MarkInvoiceUnpaid($id: ID!) {
    markInvoiceUnpaid(input: { id: $id }) {
      __typename
      ... on MarkInvoiceUnpaidSuccess {
        invoice {
          ...InvoiceDetail
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
`);

export const SetInvoiceStatusMutation = graphql(`
  mutation SetInvoiceStatus($id: ID!, $status: InvoiceStatus!) {
    setInvoiceStatus(input: { id: $id, status: $status }) {
      __typename
      ... on SetInvoiceStatusSuccess {
        invoice {
          ...InvoiceDetail
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
`);

export const DeleteInvoiceMutation = graphql(`
  mutation DeleteInvoice($id: ID!) {
    deleteInvoice(input: { id: $id }) {
      __typename
      ... on DeleteInvoiceSuccess {
        deletedId
      }
      ...ErrorFields
    }
  }
`);

export const DuplicateInvoiceMutation = graphql(`
  mutation DuplicateInvoice($id: ID!) {
    duplicateInvoice(input: { id: $id }) {
      __typename
      ... on DuplicateInvoiceSuccess {
        invoice {
          ...InvoiceDetail
        }
      }
      ...ErrorFields
    }
  }
`);

export const CurrencyTotalFieldsFragment = graphql(`
  fragment CurrencyTotalFields on CurrencyTotal {
    currency
    count
    total {
      ...MoneyFields
    }
  }
`);

export const InvoiceSummaryQuery = graphql(`
  query InvoiceSummary {
    invoiceSummary {
      invoiceCount
      today
      monthStart
      monthEnd
      outstanding {
        ...CurrencyTotalFields
      }
      overdue {
        ...CurrencyTotalFields
      }
      paidThisMonth {
        ...CurrencyTotalFields
      }
    }
  }
`);
