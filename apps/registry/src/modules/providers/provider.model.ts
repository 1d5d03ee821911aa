import { Directive, Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PROVIDER_SECTORS, type ProviderSector } from './provider.entity.js';

@ObjectType({ description: 'A provider of homes for children (owner of settings). Owned by the registry.' })
@Directive('@key(fields: "id")')
export class Provider {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: 'private, voluntary, local-authority or health' }) sector: string;
  @Field(() => String, { nullable: true, description: 'Top company as listed on Companies House.' })
  topCompany: string | null;
  @Field({ description: 'Marked by the hub: hard to replace in this market.' }) hardToReplace: boolean;
  /** Resolved for the hub only (market oversight is not shared with councils or other providers). */
  financialRisk?: boolean;
  riskNote?: string | null;
}

@ObjectType({ description: "The hub's market-oversight flags on a provider." })
export class ProviderRisk {
  @Field() hardToReplace: boolean;
  @Field() financialRisk: boolean;
  @Field(() => String, { nullable: true }) note: string | null;
}

@InputType()
export class RegisterProviderInput {
  @Field()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @Field()
  @IsIn(PROVIDER_SECTORS)
  sector: ProviderSector;
}

@InputType({ description: 'A financial-risk flag can only sit on a provider marked hard to replace.' })
export class SetProviderRiskInput {
  @Field(() => ID) @IsUUID() providerId: string;
  @Field() @IsBoolean() hardToReplace: boolean;
  @Field() @IsBoolean() financialRisk: boolean;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(1000) note?: string;
}
