import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class ImportedFile {
  @Field() name: string;
  @Field({ description: 'The SSDA903 table recognised from the columns.' }) table: string;
  @Field(() => Int) rows: number;
}

@ObjectType({ description: 'Something read that is worth knowing, never a reason to refuse the return.' })
export class ImportWarning {
  @Field() file: string;
  @Field({ description: 'A stable rule id, e.g. table.unknown or return.dolo.early.' }) rule: string;
  @Field() message: string;
}

@ObjectType({ description: 'What an import stored, and the anonymised snapshot it shared with the region.' })
export class ImportResult {
  @Field(() => ID) batchId: string;
  @Field({ description: 'True when the same files were imported before: nothing changed.' }) alreadyImported: boolean;
  @Field(() => Int, {
    nullable: true,
    description: 'The latest collection year imported (the year of its 31 March), read from the data.',
  })
  collectionYear: number | null;
  @Field(() => [Int], { description: 'Every collection year in this import, oldest first.' }) years: number[];
  @Field(() => [ImportedFile]) files: ImportedFile[];
  @Field(() => Int) children: number;
  @Field(() => Int) episodes: number;
  @Field(() => Int, { description: 'Rows of the other SSDA903 tables (UASC, reviews, missing, OC2, OC3, ...).' })
  records: number;
  @Field(() => Int, { description: 'Episodes whose counting end date was repaired by stitching (DEC itself is kept).' })
  repairs: number;
  @Field() snapshotAsAt: string;
  @Field({ description: "Whether the snapshot was shared with the region (the council's RCC_SHARING agreement)." })
  shared: boolean;
  @Field(() => Int, { description: 'Children looked after on snapshotAsAt (shared as counts only).' })
  snapshotTotal: number;
  @Field(() => [ImportWarning], {
    description:
      'Files not read (not SSDA903 tables) and tables early for their year (read); empty when alreadyImported.',
  })
  warnings: ImportWarning[];
}
