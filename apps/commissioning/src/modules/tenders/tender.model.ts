import { Directive, Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsString, MaxLength, MinLength } from 'class-validator';

@ObjectType({ description: 'A joint tender run by the hub for member councils.' })
@Directive('@key(fields: "id")')
export class Tender {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field({ description: 'draft, published, open, evaluation, awarded or abandoned' }) status: string;
  @Field() createdAt: Date;
}

@InputType()
export class CreateTenderInput {
  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  title: string;
}
