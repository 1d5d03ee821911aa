import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

@InputType()
export class ProviderListFileInput {
  @Field({ description: 'File name; .csv or .xlsx decides how it is read.' })
  @Matches(/^[^/\\]{1,200}\.(csv|xlsx)$/i, { message: 'name must be a .csv or .xlsx file name' })
  name: string;

  @Field({ description: 'The file: UTF-8 text for CSV, base64 for xlsx (see encoding).' })
  @IsString()
  @MaxLength(30_000_000)
  content: string;

  @Field({ description: 'utf8 or base64', defaultValue: 'utf8' })
  @IsIn(['utf8', 'base64'])
  encoding: 'utf8' | 'base64';
}

@InputType({
  description:
    'Ofsted / DfE provider-list files (children homes list, social care providers list, 2025 combined list).',
})
export class ImportProvidersInput {
  @Field(() => [ProviderListFileInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ProviderListFileInput)
  files: ProviderListFileInput[];

  @Field({
    defaultValue: false,
    description:
      'false (default): import the rows that are right and report every rejected row. true: any bad row refuses the whole import and nothing is written.',
  })
  @IsBoolean()
  strict: boolean;
}

@ObjectType({ description: 'A row the import left out, and why. Names and postcodes are never echoed back.' })
export class ProviderImportRejection {
  @Field() file: string;
  @Field(() => Int, { description: '1-based row in the sheet (the header is row 1).' }) row: number;
  @Field() column: string;
  @Field({ description: 'The cell as read; empty for columns that may identify a person or locate a home.' })
  value: string;
  @Field() message: string;
}

@ObjectType({ description: 'What an import did, recognising settings by URN.' })
export class ProviderImportSummary {
  @Field(() => Int, { description: 'Rows read (settings in scope).' }) rows: number;
  @Field(() => Int, { name: 'new' }) created: number;
  @Field(() => Int) changed: number;
  @Field(() => Int) closed: number;
  @Field(() => Int) unchanged: number;
  @Field(() => Int, {
    description: 'Rows left out because of errors (0 in strict mode: any error refuses the import).',
  })
  rejected: number;
  @Field(() => [ProviderImportRejection], { description: 'Every error of every row left out.' })
  rejections: ProviderImportRejection[];
  @Field(() => Int, { description: 'Rows of provision types the registry does not hold (adoption agencies...).' })
  outOfScope: number;
  @Field(() => Int) providersCreated: number;
}
