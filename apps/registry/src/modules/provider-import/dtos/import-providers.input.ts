import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

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
}

@ObjectType({ description: 'What an import did, recognising settings by URN.' })
export class ProviderImportSummary {
  @Field(() => Int, { description: 'Rows read (settings in scope).' }) rows: number;
  @Field(() => Int, { name: 'new' }) created: number;
  @Field(() => Int) changed: number;
  @Field(() => Int) closed: number;
  @Field(() => Int) unchanged: number;
  @Field(() => Int, { description: 'Rows with errors (always 0 on success: any error rejects the whole import).' })
  rejected: number;
  @Field(() => Int, { description: 'Rows of provision types the registry does not hold (adoption agencies...).' })
  outOfScope: number;
  @Field(() => Int) providersCreated: number;
}
