import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Field, InputType } from '@nestjs/graphql';

@InputType({
  description:
    'One SSDA903 file: its name (for error messages only; tables are recognised by their columns) and its text.',
})
export class Ssda903FileInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  name: string;

  @Field({
    description:
      'The file as exported (UTF-8): an SSDA903 CSV table, or the DfE XML layout. For modest files (the request is ' +
      'limited to 64 MB in all); larger returns go through the streaming upload the CLI uses (rcc import-903).',
  })
  @IsString()
  @MaxLength(60_000_000)
  content: string;
}

@InputType()
export class ImportSsda903Input {
  @Field(() => [Ssda903FileInput])
  @ValidateNested({ each: true })
  @Type(() => Ssda903FileInput)
  @ArrayMinSize(1)
  @ArrayMaxSize(200) // ten years of eleven tables, with room
  files: Ssda903FileInput[];

  @Field(() => String, {
    nullable: true,
    description: 'Date of the need snapshot (YYYY-MM-DD); default: the latest 31 March the data reaches.',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asAt must be YYYY-MM-DD' })
  asAt?: string;
}
