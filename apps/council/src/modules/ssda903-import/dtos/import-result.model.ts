import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class ImportedFile {
  @Field() name: string;
  @Field({ description: 'The SSDA903 table recognised from the columns.' }) table: string;
  @Field(() => Int) rows: number;
}

@ObjectType({ description: 'What an import stored, and the anonymised snapshot it shared with the region.' })
export class ImportResult {
  @Field(() => ID) batchId: string;
  @Field({ description: 'True when the same files were imported before: nothing changed.' }) alreadyImported: boolean;
  @Field(() => Int, { nullable: true, description: 'From the file names (e.g. 2021-header.csv), when they carry it.' })
  collectionYear: number | null;
  @Field(() => [ImportedFile]) files: ImportedFile[];
  @Field(() => Int) children: number;
  @Field(() => Int) episodes: number;
  @Field() snapshotAsAt: string;
  @Field(() => Int, { description: 'Children looked after on snapshotAsAt (shared as counts only).' })
  snapshotTotal: number;
}
