import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PLACEMENT_CATEGORIES } from '@rcc/contracts';

@InputType({ description: 'Scale and/or add to a rate for the states matched.' })
export class RateChangeInput {
  @Field(() => [String], {
    nullable: true,
    description: 'States: "fostering/16-plus", "fostering/*", "*/16-plus"; omitted = every state.',
  })
  @IsOptional()
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  states?: string[];

  @Field(() => Float, { nullable: true, description: 'Multiply the rate (0..100).' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  scale?: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Add: entries in children per month; exits and transitions as a monthly probability.',
  })
  @IsOptional()
  @IsNumber()
  add?: number;
}

@InputType()
export class WeeklyPriceInput {
  @Field()
  @IsIn(PLACEMENT_CATEGORIES)
  category: string;

  @Field(() => Int, { description: 'Weekly price, whole pence.' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  weeklyPence: number;
}

@InputType({
  description: 'What if: e.g. arrivals of 16-17 year olds double = entries [{states: ["*/16-plus"], scale: 2}].',
})
export class ForecastScenarioInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  name?: string;

  @Field(() => [RateChangeInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => RateChangeInput)
  entries?: RateChangeInput[];

  @Field(() => [RateChangeInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => RateChangeInput)
  exits?: RateChangeInput[];

  @Field(() => [RateChangeInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => RateChangeInput)
  transitions?: RateChangeInput[];
}
