import { Field, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { AGE_BANDS, NEED_FLAGS, type AgeBand, type NeedFlag, URN_PATTERN, ISO_DATE_PATTERN } from '@rcc/contracts';

@InputType({ description: 'Usable places a setting has now: dated, with the needs they can meet and until when.' })
export class DeclareVacancyInput {
  @Field() @Matches(URN_PATTERN, { message: 'urn must be an Ofsted URN such as SC999999' }) urn: string;
  @Field(() => Int) @IsInt() @Min(0) @Max(1000) vacancies: number;
  @Field(() => [String], { description: AGE_BANDS.join(', ') })
  @ArrayMinSize(1)
  @ArrayMaxSize(AGE_BANDS.length)
  @IsIn(AGE_BANDS, { each: true })
  ageBands: AgeBand[];
  @Field(() => [String], { description: NEED_FLAGS.join(', ') })
  @ArrayMaxSize(NEED_FLAGS.length)
  @IsIn(NEED_FLAGS, { each: true })
  canMeet: NeedFlag[];
  @Field({ nullable: true, description: 'First day a child can move in, YYYY-MM-DD (default: today).' })
  @IsOptional()
  @Matches(ISO_DATE_PATTERN, { message: 'availableFrom must be YYYY-MM-DD' })
  availableFrom?: string;
  @Field({ description: 'Last day the places are available, YYYY-MM-DD.' })
  @Matches(ISO_DATE_PATTERN, { message: 'availableUntil must be YYYY-MM-DD' })
  availableUntil: string;
}
