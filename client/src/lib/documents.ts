import { graphql } from "../gql/index.ts";

/**
 * What every mutation selects of its typed errors: `Error { message code }`, and the
 * field issues of a ValidationError. unwrap() in result.ts turns these into MutationError.
 */
export const ErrorFieldsFragment = graphql(`
  fragment ErrorFields on Error {
    message
    code
    ... on ValidationError {
      issues {
        path
        message
      }
    }
  }
`);
