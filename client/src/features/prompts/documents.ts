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
    createPrompt(text: $text, labels: $labels) {
      __typename
      ... on MutationCreatePromptSuccess {
        data {
          ...PromptFields
        }
      }
      ...ErrorFields
    }
  }
`);

export const UpdatePromptMutation = graphql(`
  mutation UpdatePrompt($id: ID!, $text: String, $labels: [PromptLabelInput!]) {
    updatePrompt(id: $id, text: $text, labels: $labels) {
      __typename
      ... on MutationUpdatePromptSuccess {
        data {
          ...PromptFields
        }
      }
      ...ErrorFields
    }
  }
`);

export const DeletePromptMutation = graphql(`
  mutation DeletePrompt($id: ID!) {
    deletePrompt(id: $id) {
      __typename
      ... on MutationDeletePromptSuccess {
        data {
          id
        }
      }
      ...ErrorFields
    }
  }
`);

export const UpdateLabelMutation = graphql(`
  mutation UpdateLabel($id: ID!, $name: String, $color: String) {
    updateLabel(id: $id, name: $name, color: $color) {
      __typename
      ... on MutationUpdateLabelSuccess {
        data {
          ...LabelFields
        }
      }
      ...ErrorFields
    }
  }
`);

export const DeleteLabelMutation = graphql(`
  mutation DeleteLabel($id: ID!) {
    deleteLabel(id: $id) {
      __typename
      ... on MutationDeleteLabelSuccess {
        data {
          id
        }
      }
      ...ErrorFields
    }
  }
`);
