import { graphql } from "../../gql/index.ts";

export const UpdateAccountSettingsMutation = graphql(`
  mutation UpdateAccountSettings($input: AccountSettingsInput!) {
    updateAccountSettings(input: $input) {
      __typename
      ... on MutationUpdateAccountSettingsSuccess {
        data {
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
    createApiToken(name: $name, permissions: $permissions) {
      __typename
      ... on MutationCreateApiTokenSuccess {
        data {
          secret
          apiToken {
            ...ApiTokenFields
          }
        }
      }
      ...ErrorFields
    }
  }
`);

export const RevokeApiTokenMutation = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) {
      __typename
      ... on MutationRevokeApiTokenSuccess {
        data {
          ...ApiTokenFields
        }
      }
      ...ErrorFields
    }
  }
`);
