import { graphql } from "../../gql/index.ts";

// The mutations answer with the viewer's ...ViewerFields (lib/viewer.ts).

export const SignInMutation = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      __typename
      ... on SignInSuccess {
        user {
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
      ... on SignUpSuccess {
        user {
          ...ViewerFields
        }
      }
      ...ErrorFields
    }
  }
`);

export const SignOutMutation = graphql(`
  mutation SignOut {
    signOut {
      __typename
    }
  }
`);
