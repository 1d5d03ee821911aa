import {
  getNamedType,
  GraphQLError,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/**
 * The one implementation of the GraphQL limits, used by the gateway and by every subgraph (docs/adr/0032): depth,
 * aliases and estimated cost of an operation, computed in ONE walk in which every fragment is visited once per page
 * size it is spread under (memoised), so nested fragment spreads cost linear time however often they are repeated.
 */

/** List fields with no literal `limit`/`first` argument and no default are assumed to return this many items. */
export const ASSUMED_LIST_SIZE = 20;

/** Root fields the federation gateway uses to reach a subgraph's entities; they are not a level of the caller's query. */
const FEDERATION_ROOTS = new Set(['_entities', '_service']);

export interface OperationMeasure {
  /** Deepest chain of fields (federation's `_entities` root not counted). */
  depth: number;
  /** Aliased fields, counted once per place their fragment is spread. */
  aliases: number;
  /** 1 per field, multiplied below lists by their expected size. */
  cost: number;
  /** Selection sets walked: linear in the document (the proof that fragments are memoised). */
  visits: number;
}

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

interface Summary {
  depth: number;
  aliases: number;
  cost: number;
}

const isList = (type: GraphQLOutputType): boolean => isListType(isNonNullType(type) ? type.ofType : type);

/** The literal size argument of a field (`limit`, `first`, `last`), else its declared default. */
function sizeArgument(
  field: GraphQLField<unknown, unknown>,
  node: { arguments?: readonly unknown[] },
): number | undefined {
  const given = (node.arguments ?? []) as { name: { value: string }; value: { kind: Kind; value?: string } }[];
  for (const name of ['limit', 'first', 'last']) {
    const arg = given.find((a) => a.name.value === name);
    if (arg) return arg.value.kind === Kind.INT ? Number(arg.value.value) : ASSUMED_LIST_SIZE;
    const declared = field.args.find((a) => a.name === name);
    if (declared && typeof declared.defaultValue === 'number') return declared.defaultValue;
  }
  return undefined;
}

/**
 * Measures one operation. A list's expected size is its own `limit`/`first` argument, or that of the page object just
 * above it (`councilChildren(limit: 10) { items { ... } }`), or the argument's declared default, or ASSUMED_LIST_SIZE
 * (a variable also counts as ASSUMED_LIST_SIZE). A fragment spread inside itself (a cycle, which the standard rules
 * refuse) counts nothing.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): OperationMeasure {
  const memo = new Map<string, Summary>();
  const active = new Set<string>();
  let visits = 0;

  const walk = (parent: GraphQLNamedType, set: SelectionSetNode | undefined, pageSize?: number): Summary => {
    const out: Summary = { depth: 0, aliases: 0, cost: 0 };
    if (!set) return out;
    visits += 1;
    const add = (s: Summary, extraDepth = 0) => {
      out.depth = Math.max(out.depth, s.depth + extraDepth);
      out.aliases += s.aliases;
      out.cost += s.cost;
    };
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[s.name.value] : undefined;
        if (!field) {
          // __typename, introspection, or unknown fields (reported by the standard rules).
          add({ depth: 1, aliases: s.alias ? 1 : 0, cost: 1 });
          if (s.selectionSet) add(walk(parent, s.selectionSet), 1);
          continue;
        }
        const size = sizeArgument(field, s);
        const list = isList(field.type);
        const below = walk(getNamedType(field.type), s.selectionSet, list ? undefined : size);
        const multiplier = list ? Math.max(1, size ?? pageSize ?? ASSUMED_LIST_SIZE) : 1;
        const level = parent === schema.getQueryType() && FEDERATION_ROOTS.has(s.name.value) ? 0 : 1;
        add({
          depth: below.depth + level,
          aliases: (s.alias ? 1 : 0) + below.aliases,
          cost: 1 + multiplier * below.cost,
        });
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const on = s.typeCondition ? (schema.getType(s.typeCondition.name.value) ?? parent) : parent;
        add(walk(on, s.selectionSet, pageSize));
      } else {
        const name = s.name.value;
        const fragment = fragments.get(name);
        if (!fragment) continue;
        const key = `${name}\u0000${pageSize ?? ''}`;
        const known = memo.get(key);
        if (known) {
          add(known);
          continue;
        }
        if (active.has(key)) continue;
        active.add(key);
        const on = schema.getType(fragment.typeCondition.name.value) ?? parent;
        const summary = walk(on, fragment.selectionSet, pageSize);
        active.delete(key);
        memo.set(key, summary);
        add(summary);
      }
    }
    return out;
  };

  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!root) return { depth: 0, aliases: 0, cost: 0, visits };
  const summary = walk(root, operation.selectionSet);
  return { ...summary, visits };
}

/** Fragment definitions of a document by name. */
export function fragmentsOf(context: ValidationContext): Map<string, FragmentDefinitionNode> {
  const map = new Map<string, FragmentDefinitionNode>();
  for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) map.set(d.name.value, d);
  return map;
}

const show = (n: number) => (n > 1e15 ? n.toExponential(2) : String(n));

/** One validation rule for depth, aliases and cost: each refusal names the limit it broke. */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context);
    return {
      OperationDefinition(node) {
        const m = measureOperation(context.getSchema(), node, fragments);
        const refuse = (message: string) => context.reportError(new GraphQLError(message, { nodes: [node] }));
        if (m.depth > limits.maxDepth) refuse(`query depth ${show(m.depth)} exceeds the limit of ${limits.maxDepth}`);
        if (m.aliases > limits.maxAliases)
          refuse(`${show(m.aliases)} aliases exceed the limit of ${limits.maxAliases}`);
        if (m.cost > limits.maxCost) refuse(`query cost ${show(m.cost)} exceeds the limit of ${limits.maxCost}`);
      },
    };
  };
}
