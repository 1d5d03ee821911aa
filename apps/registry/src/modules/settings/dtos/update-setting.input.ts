import { Field, InputType, Int } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { SETTING_SEXES, type SettingSex } from '../../provider-import/provider-list.js';
import { URN_PATTERN } from '@rcc/contracts';

@InputType({ description: 'What a provider says about its own setting (the Ofsted lists do not carry it).' })
export class UpdateSettingInput {
  @Field() @Matches(URN_PATTERN, { message: 'urn must be an Ofsted URN such as SC999999' }) urn: string;
  @Field(() => Int) @IsInt() @Min(0) @Max(25) ageMin: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(25) ageMax: number;
  @Field({ description: 'male, female or mixed' }) @IsIn(SETTING_SEXES) sex: SettingSex;
}

@InputType()
export class SettingsFilterInput {
  @Field({ nullable: true, description: 'registered, suspended, closed or unregistered' })
  @IsOptional()
  @IsIn(['registered', 'suspended', 'closed', 'unregistered'])
  registrationStatus?: string;
}
