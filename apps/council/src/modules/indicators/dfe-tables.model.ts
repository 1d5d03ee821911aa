import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class DfeTableRow {
  @Field({ description: "The DfE table's row heading." }) label: string;
  @Field({ description: 'The SSDA903 codes (or age bands) counted in this row.' }) codes: string;
  @Field(() => Int) count: number;
}

@ObjectType()
export class DfeTable {
  @Field() title: string;
  @Field(() => Int) total: number;
  @Field(() => [DfeTableRow]) rows: DfeTableRow[];
}

@ObjectType({
  description:
    "This council's figures for one year in the layout of the DfE's published local-authority tables for children " +
    'looked after, to lay beside what the DfE published (unsuppressed: council analysts only; audited).',
})
export class DfeTables {
  @Field() councilCode: string;
  @Field(() => Int, { description: 'The year of the 31 March (2022: the 2021-22 return).' }) year: number;
  @Field() asAt: string;
  @Field(() => [DfeTable]) tables: DfeTable[];
}
