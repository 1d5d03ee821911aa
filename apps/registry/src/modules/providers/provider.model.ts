import { Directive, Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { PROVIDER_SECTORS, type ProviderSector } from './provider.entity.js';

@ObjectType({ description: 'A provider of homes for children (owner of settings). Owned by the registry.' })
@Directive('@key(fields: "id")')
export class Provider {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: 'private, voluntary, local-authority or health' }) sector: string;
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
