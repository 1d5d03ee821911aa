/** A provider's settings pages: every GraphQL document they send (validated against the supergraph by a test). */

const SETTING_FIELDS = `urn name settingType placementCategory registeredPlaces ageMin ageMax sex needFlags localAuthority
    postcodeDistrict registrationStatus registrationFlag ofstedGrade ofstedGradeNote ofstedInspectedOn
    frameworks { kind name lots }
    currentVacancy { id vacancies ageBands canMeet availableFrom availableUntil declaredAt stale staleAfter }`;

export const PROVIDER_SETTINGS = `query ProviderSettings {
  settings { ${SETTING_FIELDS} }
}`;

export const PROVIDER_SETTING = `query ProviderSetting($urn: String!) {
  setting(urn: $urn) { ${SETTING_FIELDS} }
}`;

export const DECLARE_VACANCY = `mutation DeclareVacancy($input: DeclareVacancyInput!) {
  declareVacancy(input: $input) { id }
}`;

export const WITHDRAW_VACANCY = `mutation WithdrawVacancy($urn: String!) { withdrawVacancy(urn: $urn) }`;
