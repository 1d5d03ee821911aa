import { Field, Int, ObjectType } from '@nestjs/graphql';
import { DemandTotal, PublishedCount } from './published-count.model.js';

@ObjectType()
export class PublishedRow {
  @Field() key: string;
  @Field(() => [PublishedCount], { description: 'One value per column key.' }) values: PublishedCount[];
  @Field(() => PublishedCount) total: PublishedCount;
}

@ObjectType({ description: 'One disclosure-controlled table of a published version, with its totals.' })
export class PublishedTable {
  @Field() name: string;
  @Field() title: string;
  @Field() rowDimension: string;
  @Field() columnDimension: string;
  @Field(() => [String]) columnKeys: string[];
  @Field(() => [PublishedRow]) rows: PublishedRow[];
  @Field(() => [PublishedCount]) columnTotals: PublishedCount[];
  @Field(() => PublishedCount) total: PublishedCount;
  @Field({
    description:
      'Open data: this table as a CSV to the DfE explore-education-statistics standards, on the analytics service.',
  })
  csvPath: string;
  @Field({ description: 'Open data: the EES metadata file of that CSV (col_name, col_type, label, ...).' })
  metaCsvPath: string;
}

@ObjectType({
  description:
    'A published, immutable version of the regional demand profile: dated, numbered, disclosure-controlled jointly ' +
    'across its tables and with the earlier versions of the same date (docs/adr/0019).',
})
export class PublishedDemandProfile {
  @Field(() => Int, { description: 'Version number, increasing across all publications.' }) version: number;
  @Field({ description: 'The date the figures describe (a month-end).' }) asAt: string;
  @Field(() => Int, { description: '1 for the first publication of this date; later revisions count up.' })
  revision: number;
  @Field() publishedAt: string;
  @Field(() => Int, { description: 'Counts from 1 to minCount - 1 are suppressed.' }) minCount: number;
  @Field(() => [String], { description: 'Member councils pooled in this version.' }) councils: string[];
  @Field(() => [String], { description: 'Member councils with no return for this date (shown as z).' })
  notContributing: string[];
  @Field(() => [PublishedTable]) tables: PublishedTable[];
  @Field({
    description: "Open data: the list of this version's files (one CSV and metadata file per table, and JSON).",
  })
  openDataPath: string;
  @Field({ description: 'Open data: this version as JSON, on the analytics service.' }) jsonPath: string;
}

@ObjectType({ description: 'The latest published version of each date: a trend of the protected category totals.' })
export class DemandTrendPoint {
  @Field() asAt: string;
  @Field(() => Int) version: number;
  @Field(() => [DemandTotal]) categoryTotals: DemandTotal[];
  @Field(() => PublishedCount) total: PublishedCount;
}
