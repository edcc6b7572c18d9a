import { graphql } from "../../gql/index.ts";

export const ViewerFieldsFragment = graphql(`
  fragment ViewerFields on User {
    id
    email
    displayName
    businessName
    businessDetails {
      label
      value
    }
    defaultCurrency
    locale
    timezone
    invoiceNumberPrefix
    invoiceNumberDigits
    createdAt
  }
`);

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      ...ViewerFields
    }
  }
`);

export const SignInMutation = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      __typename
      ... on MutationSignInSuccess {
        data {
          ...ViewerFields
        }
      }
      ...ErrorFields
    }
  }
`);

export const SignUpMutation = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      __typename
      ... on MutationSignUpSuccess {
        data {
          ...ViewerFields
        }
      }
      ...ErrorFields
    }
  }
`);

export const SignOutMutation = graphql(`
  mutation SignOut {
    signOut
  }
`);
