import { applyDecorators } from '@nestjs/common';
import { Field, ID, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { COUNCIL_CODE_PATTERN, IsIntIn, IsIsoDate, URN_PATTERN } from '@rcc/contracts';

/**
 * The commissioning inputs' recurring fields, each one GraphQL field with its validation (docs/adr/0061): a date, an
 * id, a bounded whole number, a text, a list of Ofsted URNs, a list of nested inputs. A field that is `nullable` is
 * optional to the validator too.
 */
export interface FieldOptions {
  nullable?: boolean;
  description?: string;
}

const graphql = (o: FieldOptions) => ({
  ...(o.nullable ? { nullable: true } : {}),
  ...(o.description ? { description: o.description } : {}),
});
const optional = (o: FieldOptions) => (o.nullable ? [IsOptional()] : []);

/** A calendar date, YYYY-MM-DD. */
export const DateField = (o: FieldOptions = {}) =>
  applyDecorators(
    Field(() => String, graphql(o)),
    ...optional(o),
    IsIsoDate(),
  );

/** An id (a UUID). */
export const IdField = (o: FieldOptions = {}) =>
  applyDecorators(
    Field(() => ID, graphql(o)),
    ...optional(o),
    IsUUID(),
  );

/** A whole number from `min` to `max`. */
export const IntField = (min: number, max: number, o: FieldOptions = {}) =>
  applyDecorators(
    Field(() => Int, graphql(o)),
    ...optional(o),
    IsIntIn(min, max),
  );

/** A text of `min` to `max` characters. */
export const TextField = (min: number, max: number, o: FieldOptions = {}) =>
  applyDecorators(
    Field(() => String, graphql(o)),
    ...optional(o),
    IsString(),
    ...(min > 0 ? [MinLength(min)] : []),
    MaxLength(max),
  );

/** One of a code list's values. */
export const CodeField = (values: readonly string[], o: FieldOptions = {}) =>
  applyDecorators(
    Field(() => String, graphql(o)),
    ...optional(o),
    IsIn(values),
  );

/** An ONS council code. */
export const CouncilCodeField = (o: FieldOptions = {}) =>
  applyDecorators(
    Field(() => String, graphql(o)),
    ...optional(o),
    Matches(COUNCIL_CODE_PATTERN, { message: 'councilCode must be an ONS council code' }),
  );

/** One to fifty Ofsted URNs. */
export const SettingUrnsField = (o: FieldOptions = {}) =>
  applyDecorators(
    Field(() => [String], graphql(o)),
    ArrayMinSize(1),
    ArrayMaxSize(50),
    Matches(URN_PATTERN, { each: true, message: 'settingUrns must be Ofsted URNs' }),
  );

/** A list of nested inputs, each validated: at least `min` (0 when nullable) and at most `max`. */
export const NestedListField = (type: () => new () => unknown, max: number, o: FieldOptions & { min?: number } = {}) =>
  applyDecorators(
    Field(() => [type()], graphql(o)),
    ...optional(o),
    ...(o.min ? [ArrayMinSize(o.min)] : []),
    ArrayMaxSize(max),
    ValidateNested({ each: true }),
    Type(type),
  );
