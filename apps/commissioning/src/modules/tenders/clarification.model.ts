import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

@ObjectType({
  description:
    'A bidder’s clarification question and the hub’s answer, published to every bidder. Who asked is never shown.',
})
export class TenderClarification {
  @Field(() => ID) id: string;
  @Field(() => ID) tenderId: string;
  @Field() question: string;
  @Field() askedAt: Date;
  @Field(() => String, { nullable: true, description: 'The published answer (null until the hub answers)' })
  answer: string | null;
  @Field(() => Date, { nullable: true }) answeredAt: Date | null;
  @Field({ description: 'True when the caller’s own provider asked it' }) askedByYou: boolean;
}

@InputType()
export class AskTenderQuestionInput {
  @Field(() => ID)
  @IsUUID()
  tenderId: string;

  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(2_000)
  question: string;
}

@InputType()
export class AnswerTenderQuestionInput {
  @Field(() => ID)
  @IsUUID()
  clarificationId: string;

  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(5_000)
  answer: string;
}
