import { graphql } from "../../gql/index.ts";

export const LabelFieldsFragment = graphql(`
  fragment LabelFields on Label {
    id
    name
    color
  }
`);

export const PromptFieldsFragment = graphql(`
  fragment PromptFields on Prompt {
    id
    rawId
    text
    createdAt
    updatedAt
    labels {
      ...LabelFields
    }
  }
`);

export const PromptsQuery = graphql(`
  query Prompts($first: Int, $after: String, $filter: PromptFilter) {
    prompts(first: $first, after: $after, filter: $filter) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...PromptFields
        }
      }
    }
  }
`);

export const LabelsQuery = graphql(`
  query Labels {
    labels {
      ...LabelFields
    }
  }
`);

export const CreatePromptMutation = graphql(`
  mutation CreatePrompt($text: String!, $labels: [PromptLabelInput!]) {
    createPrompt(input: { text: $text, labels: $labels }) {
      __typename
      ... on CreatePromptSuccess {
        prompt {
          ...PromptFields
        }
      }
      ...ErrorFields
    }
  }
`);

export const UpdatePromptMutation = graphql(`
  mutation UpdatePrompt($id: ID!, $text: String, $labels: [PromptLabelInput!]) {
    updatePrompt(input: { id: $id, text: $text, labels: $labels }) {
      __typename
      ... on UpdatePromptSuccess {
        prompt {
          ...PromptFields
        }
      }
      ...ErrorFields
    }
  }
`);

export const DeletePromptMutation = graphql(`
  mutation DeletePrompt($id: ID!) {
    deletePrompt(input: { id: $id }) {
      __typename
      ... on DeletePromptSuccess {
        deletedId
      }
      ...ErrorFields
    }
  }
`);

export const UpdateLabelMutation = graphql(`
  mutation UpdateLabel($id: ID!, $name: String, $color: String) {
    updateLabel(input: { id: $id, name: $name, color: $color }) {
      __typename
      ... on UpdateLabelSuccess {
        label {
          ...LabelFields
        }
      }
      ...ErrorFields
    }
  }
`);

export const DeleteLabelMutation = graphql(`
  mutation DeleteLabel($id: ID!) {
    deleteLabel(input: { id: $id }) {
      __typename
      ... on DeleteLabelSuccess {
        deletedId
      }
      ...ErrorFields
    }
  }
`);
