import { graphql } from "../../gql/index.ts";

export const UpdateAccountSettingsMutation = graphql(`
  mutation UpdateAccountSettings($input: UpdateAccountSettingsInput!) {
    updateAccountSettings(input: $input) {
      __typename
      ... on UpdateAccountSettingsSuccess {
        user {
          ...ViewerFields
        }
      }
      ...ErrorFields
    }
  }
`);

export const ApiTokenFieldsFragment = graphql(`
  fragment ApiTokenFields on ApiToken {
    id
    name
    prefix
    permissions
    createdAt
    lastUsedAt
    revokedAt
  }
`);

export const ApiTokensQuery = graphql(`
  query ApiTokens {
    apiTokens {
      ...ApiTokenFields
    }
  }
`);

export const CreateApiTokenMutation = graphql(`
  mutation CreateApiToken($name: String!, $permissions: [Permission!]!) {
    createApiToken(input: { name: $name, permissions: $permissions }) {
      __typename
      ... on CreateApiTokenSuccess {
        secret
        apiToken {
          ...ApiTokenFields
        }
      }
      ...ErrorFields
    }
  }
`);

export const RevokeApiTokenMutation = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(input: { id: $id }) {
      __typename
      ... on RevokeApiTokenSuccess {
        apiToken {
          ...ApiTokenFields
        }
      }
      ...ErrorFields
    }
  }
`);
