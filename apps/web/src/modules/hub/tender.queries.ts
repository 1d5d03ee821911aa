/** The hub's tender page: every GraphQL document it sends (validated against the supergraph by a test). */

export const TENDER_QUERY = `query Tender($id: ID!) {
  tender(id: $id) {
    id title description status priceWeight qualityWeight qualityQuestions
    publishOn bidsCloseOn awardBy awardedOn standstillEndsOn biddingClosedReason
    lots { id title settingType placementCategory needs locality beds termMonths contractId }
    councils { councilCode basisPoints beds }
    history { from to reason at }
  }
}`;

export const TENDER_EVALUATION_QUERY = `query TenderEvaluation($id: ID!) {
  tenderEvaluation(tenderId: $id) {
    lotId lotTitle complete
    ranking {
      rank priceScoreBp qualityScoreBp totalBp explanation
      bid {
        id provider { name } beds weeklyPricePerBedPence startDate qualityScore questionScores moderationNote
        qualityAnswers { question answer }
        settings { urn name postcodeDistrict ofstedGrade ofstedGradeNote ofstedInspectedOn registeredPlaces }
      }
    }
  }
}`;

export const TENDER_CLARIFICATIONS_QUERY = `query TenderClarifications($id: ID!) {
  tenderClarifications(tenderId: $id) { id question askedAt answer answeredAt }
}`;

export const PUBLISH_TENDER = `mutation PublishTender($input: TenderTransitionInput!) { publishTender(input: $input) { id } }`;
export const OPEN_TENDER_FOR_BIDS = `mutation OpenTenderForBids($input: TenderTransitionInput!) { openTenderForBids(input: $input) { id } }`;
export const CLOSE_TENDER_BIDDING = `mutation CloseTenderBidding($input: TenderTransitionInput!) { closeTenderBidding(input: $input) { id } }`;
export const AWARD_TENDER = `mutation AwardTender($input: TenderTransitionInput!) { awardTender(input: $input) { id } }`;
export const ABANDON_TENDER = `mutation AbandonTender($input: TenderTransitionInput!) { abandonTender(input: $input) { id } }`;

export const ADD_TENDER_LOT = `mutation AddTenderLot($input: AddTenderLotInput!) { addTenderLot(input: $input) { id } }`;

export const SET_TENDER_COUNCILS = `mutation SetTenderCouncils($input: SetTenderCouncilsInput!) {
  setTenderCouncils(input: $input) { id }
}`;

export const SCORE_BID_ANSWERS = `mutation ScoreBidAnswers($input: ScoreBidAnswersInput!) {
  scoreBidAnswers(input: $input) { id qualityScore }
}`;

export const ANSWER_TENDER_QUESTION = `mutation AnswerTenderQuestion($input: AnswerTenderQuestionInput!) {
  answerTenderQuestion(input: $input) { id }
}`;
