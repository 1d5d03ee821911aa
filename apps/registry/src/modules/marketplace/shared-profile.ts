import type { MarketProfile } from './referral-intake.js';

/** The needs profile as providers read it, and as the raising council reads back what it shared (docs/adr/0058). */
export function sharedProfile(p: MarketProfile) {
  return {
    kind: p.kind,
    startBy: p.startBy,
    ageBand: p.ageBand,
    sex: p.sex,
    siblings: p.siblings,
    localities: p.localities,
    closeToFamily: p.closeToFamily,
    mustStayAtSchool: p.mustStayAtSchool,
    suitability: { ...p.suitability },
    ratio: p.ratio,
    risksToChild: p.risksToChild.map((r) => ({ risk: r.risk, level: r.level })),
    risksToOthers: p.risksToOthers,
    support: p.support,
    needs: p.needs,
    aboutChild: p.aboutChild ?? '',
  };
}
