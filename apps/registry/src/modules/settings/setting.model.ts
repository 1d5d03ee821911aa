import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Provider } from '../providers/provider.model.js';

@ObjectType()
export class FrameworkMembership {
  @Field({ description: 'framework or dps' }) kind: string;
  @Field() name: string;
  @Field(() => [String]) lots: string[];
}

@ObjectType({
  description: 'Usable capacity as the provider declared it: dated, never inferred from registered places.',
})
export class Vacancy {
  @Field(() => ID) id: string;
  @Field(() => Int) vacancies: number;
  @Field(() => [String], { description: 'Age bands the places are for.' }) ageBands: string[];
  @Field(() => [String], { description: 'Needs the places can meet (NEED_FLAGS).' }) canMeet: string[];
  @Field({ description: 'First day a child can move in (YYYY-MM-DD).' }) availableFrom: string;
  @Field() availableUntil: string;
  @Field() declaredAt: Date;
  @Field({ description: 'Declared more than the configured time ago, or past availableUntil: no longer counted.' })
  stale: boolean;
  @Field({ description: 'When it stops counting as supply unless declared again (staleness or its last day).' })
  staleAfter: Date;
}

@ObjectType({ description: 'A home, school, centre or agency registered with Ofsted, by URN. Owned by the registry.' })
@Directive('@key(fields: "urn")')
export class Setting {
  @Field(() => ID) urn: string;
  @Field() name: string;
  @Field(() => ID) providerId: string;
  @Field(() => Provider) provider?: Provider;
  @Field({ description: 'SETTING_TYPES' }) settingType: string;
  @Field({ description: 'fostering, residential, supported... (the need snapshot vocabulary)' })
  placementCategory: string;
  @Field(() => Int, { description: 'Registered places (Ofsted): a ceiling, never counted as supply.' })
  registeredPlaces: number;
  @Field(() => Int) ageMin: number;
  @Field(() => Int) ageMax: number;
  @Field({ description: 'male, female or mixed' }) sex: string;
  @Field(() => [String], { description: 'Need-specific registration categories (NEED_FLAGS).' }) needFlags: string[];
  @Field(() => String, { nullable: true }) localAuthority: string | null;
  @Field(() => String, { nullable: true }) localAuthorityCode: string | null;
  @Field(() => String, { nullable: true }) postcodeDistrict: string | null;
  @Field({ description: 'registered, suspended, closed or unregistered' }) registrationStatus: string;
  @Field({
    description:
      'True when the setting is not currently registered (suspended or unregistered): flag it wherever shown.',
  })
  registrationFlag: boolean;
  @Field(() => String, { nullable: true }) registrationDate: string | null;
  @Field(() => String, { nullable: true }) closedDate: string | null;
  @Field(() => String, { nullable: true, description: "Latest overall effectiveness, on Ofsted's own scale." })
  ofstedGrade: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "Not graded: the words the Ofsted list gives instead of a grade (e.g. inspected as part of the council's ILACS inspection).",
  })
  ofstedGradeNote: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Day of the latest full Ofsted inspection, the one the grade comes from (YYYY-MM-DD), when known.',
  })
  ofstedInspectedOn: string | null;
  @Field(() => [FrameworkMembership]) frameworks: FrameworkMembership[];
}
