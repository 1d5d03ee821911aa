import {
  Kind,
  parse,
  print,
  type DocumentNode,
  type FieldDefinitionNode,
  type InputObjectTypeDefinitionNode,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
  type TypeNode,
} from 'graphql';

/** What a subgraph serves, read from its own `_service { sdl }`: root fields and resolvable entities. */
export interface ServedOperation {
  /** `Query.x`, `Mutation.y` or `_entities.T`: the policy table's key. */
  key: string;
  query: string;
  variables: Record<string, unknown>;
}

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

type TypeDef = ObjectTypeDefinitionNode | ObjectTypeExtensionNode;

/**
 * Builds one call per root field and per resolvable entity of a subgraph's SDL. Required arguments get schema-valid
 * but empty values (empty strings, zero, empty lists, the first enum value): they pass GraphQL's own checks, so the
 * guard decides first, and the services' input validation then refuses them, so a probe writes nothing.
 */
export function probesFromSdl(sdl: string): ServedOperation[] {
  const doc: DocumentNode = parse(sdl);
  const objects = new Map<string, TypeDef[]>();
  const inputs = new Map<string, InputObjectTypeDefinitionNode>();
  const enums = new Map<string, string[]>();
  const abstract = new Set<string>();
  for (const d of doc.definitions) {
    if (d.kind === Kind.INTERFACE_TYPE_DEFINITION || d.kind === Kind.UNION_TYPE_DEFINITION) abstract.add(d.name.value);
    if (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) {
      objects.set(d.name.value, [...(objects.get(d.name.value) ?? []), d]);
    } else if (d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) inputs.set(d.name.value, d);
    else if (d.kind === Kind.ENUM_TYPE_DEFINITION)
      enums.set(
        d.name.value,
        (d.values ?? []).map((v) => v.name.value),
      );
  }
  const named = (t: TypeNode): string => (t.kind === Kind.NAMED_TYPE ? t.name.value : named(t.type));
  const isComposite = (name: string) => objects.has(name) || abstract.has(name);

  const valueFor = (t: TypeNode): unknown => {
    if (t.kind === Kind.NON_NULL_TYPE) return valueFor(t.type);
    if (t.kind === Kind.LIST_TYPE) return [];
    const name = t.name.value;
    if (name === 'String') return '';
    if (name === 'ID') return PLACEHOLDER_ID;
    if (name === 'Int' || name === 'Float') return 0;
    if (name === 'Boolean') return false;
    if (name === 'DateTime') return '2000-01-01T00:00:00.000Z';
    const values = enums.get(name);
    if (values) return values[0];
    const input = inputs.get(name);
    if (input) {
      return Object.fromEntries(
        (input.fields ?? [])
          .filter((f) => f.type.kind === Kind.NON_NULL_TYPE && !f.defaultValue)
          .map((f) => [f.name.value, valueFor(f.type)]),
      );
    }
    return '';
  };

  const selectionFor = (returnType: TypeNode) => (isComposite(named(returnType)) ? ' { __typename }' : '');

  const fieldsOf = (type: string): FieldDefinitionNode[] => (objects.get(type) ?? []).flatMap((d) => d.fields ?? []);
  const probes: ServedOperation[] = [];
  for (const root of ['Query', 'Mutation'] as const) {
    for (const field of fieldsOf(root)) {
      const name = field.name.value;
      if (root === 'Query' && (name === '_service' || name === '_entities')) continue;
      const required = (field.arguments ?? []).filter((a) => a.type.kind === Kind.NON_NULL_TYPE && !a.defaultValue);
      const declared = required.map((a) => `$${a.name.value}: ${print(a.type)}`).join(', ');
      const passed = required.map((a) => `${a.name.value}: $${a.name.value}`).join(', ');
      probes.push({
        key: `${root}.${name}`,
        query: `${root === 'Query' ? 'query' : 'mutation'} Probe${declared ? `(${declared})` : ''} { ${name}${
          passed ? `(${passed})` : ''
        }${selectionFor(field.type)} }`,
        variables: Object.fromEntries(required.map((a) => [a.name.value, valueFor(a.type)])),
      });
    }
  }
  for (const [type, defs] of objects) {
    for (const key of defs.flatMap((d) => d.directives ?? []).filter((d) => d.name.value === 'key')) {
      const resolvable = key.arguments?.find((a) => a.name.value === 'resolvable');
      if (resolvable?.value.kind === Kind.BOOLEAN && !resolvable.value.value) continue;
      const fieldsArg = key.arguments?.find((a) => a.name.value === 'fields');
      const keyFields = fieldsArg?.value.kind === Kind.STRING ? fieldsArg.value.value.split(/\s+/) : [];
      if (keyFields.some((f) => /[{}]/.test(f))) {
        throw new Error(`_entities.${type}: nested @key fields need an explicit probe in policy-table.ts`);
      }
      const representation: Record<string, unknown> = { __typename: type };
      for (const f of keyFields) {
        const def = fieldsOf(type).find((x) => x.name.value === f);
        representation[f] = def ? valueFor(def.type) : PLACEHOLDER_ID;
      }
      probes.push({
        key: `_entities.${type}`,
        query: `query Probe($r: [_Any!]!) { _entities(representations: $r) { __typename } }`,
        variables: { r: [representation] },
      });
      break; // one key per entity is enough to reach its reference resolver
    }
  }
  return probes;
}
