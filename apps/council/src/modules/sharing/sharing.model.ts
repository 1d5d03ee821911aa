import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: "One line of this council's data-sharing agreement: what may leave, for what use." })
export class SharingFlag {
  @Field() dataset: string;
  @Field({ description: 'Whether this council has agreed to share it (RCC_SHARING).' }) shared: boolean;
  @Field() data: string;
  @Field() use: string;
}
