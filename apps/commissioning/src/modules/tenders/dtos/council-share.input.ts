import { Field, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { COUNCIL_CODE_PATTERN } from '@rcc/contracts';

@InputType({ description: 'A council’s agreed share: basisPoints (10000 = 100%) or allocated beds, not both.' })
export class CouncilShareInput {
  @Field()
  @Matches(COUNCIL_CODE_PATTERN, { message: 'councilCode must be an ONS council code' })
  councilCode: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  basisPoints?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000)
  beds?: number;
}
