// The providers page's GraphQL documents (validated by apps/web/src/queries.spec.ts).

export const REGISTER_PROVIDER =
  'mutation($input: RegisterProviderInput!) { registerProvider(input: $input) { id name sector } }';

export const PROVIDERS = '{ providers { id name sector topCompany } }';
