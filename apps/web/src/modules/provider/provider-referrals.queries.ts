/** A provider's referral pages: every GraphQL document they send (validated against the supergraph by a test). */

/** The list needs less: the gateway's cost limit counts every field of every referral. */
export const PROVIDER_REFERRALS_LIST = `query ProviderReferralsList {
  providerReferrals { id status startBy ageBand needs respondBy changedAt matches { settingUrn response { id respondedAt } outcome } selectedBy }
}`;

export const PROVIDER_REFERRALS = `query ProviderReferrals {
  providerReferrals {
    id status kind startBy ageBand sex siblings localities closeToFamily mustStayAtSchool
    suitability { fostering residential supported } ratio risksToChild { risk level } risksToOthers support needs
    aboutChild openedAt respondBy changedAt
    matches {
      settingUrn distance onFramework
      response { id settingUrn response weeklyPricePence startDate declineReason declineNote respondedAt }
      outcome
    }
    selectedBy
  }
}`;

export const RESPOND_TO_REFERRAL = `mutation RespondToReferral($input: RespondToReferralInput!) {
  respondToReferral(input: $input) { id }
}`;
