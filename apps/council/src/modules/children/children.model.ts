import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'An SSDA903 episode. Child-level: council users of this council only.' })
export class EpisodeRecord {
  @Field() startDate: string;
  @Field(() => String, { nullable: true }) endDate: string | null;
  @Field({ description: 'RNE' }) reasonNewEpisode: string;
  @Field({ description: 'LS' }) legalStatus: string;
  @Field({ description: 'CIN' }) categoryOfNeed: string;
  @Field({ description: 'PLACE' }) placementType: string;
  @Field(() => String, { nullable: true, description: 'PLACE_PROVIDER' }) placementProvider: string | null;
  @Field(() => String, { nullable: true, description: 'Ofsted URN of the setting' }) urn: string | null;
}

@ObjectType({
  description: "A child looked after by this council, from its SSDA903 header. Child-level: this council's users only.",
})
export class ChildRecord {
  @Field(() => ID, { description: "The council's own child identifier (CHILD)." }) childId: string;
  @Field() sex: string;
  @Field() dateOfBirth: string;
  @Field() ethnicity: string;
  @Field(() => [EpisodeRecord]) episodes: EpisodeRecord[];
}

@ObjectType()
export class ChildPage {
  @Field({ description: 'The council this instance serves (ONS code).' }) councilCode: string;
  @Field(() => Int) total: number;
  @Field(() => [ChildRecord]) items: ChildRecord[];
}
