// The providers page's GraphQL documents (validated by apps/web/src/queries.spec.ts).

export const REGISTER_PROVIDER =
  'mutation($input: RegisterProviderInput!) { registerProvider(input: $input) { id name sector } }';

export const PROVIDERS = '{ providers { id name sector topCompany } }';

/** One provider and its settings, each with its Ofsted grade and the day of that inspection. */
export const HUB_PROVIDER = `query HubProvider($id: ID!) {
  provider(id: $id) {
    id name sector
    settings { urn name settingType registeredPlaces localAuthority postcodeDistrict registrationStatus
      ofstedGrade ofstedGradeNote ofstedInspectedOn }
  }
}`;
