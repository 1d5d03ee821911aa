import {
  getNamedType,
  GraphQLError,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/** List fields with no literal `limit`/`first` argument and no default are assumed to return this many items. */
export const ASSUMED_LIST_SIZE = 20;

function fragmentsOf(context: ValidationContext): Map<string, FragmentDefinitionNode> {
  const map = new Map<string, FragmentDefinitionNode>();
  for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) map.set(d.name.value, d);
  return map;
}

/** Refuses operations with more than `max` aliased fields (fragments are counted where they are spread). */
export function aliasLimit(max: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context);
    const count = (set: SelectionSetNode | undefined, seen: ReadonlySet<string>): number => {
      if (!set) return 0;
      let total = 0;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) total += (s.alias ? 1 : 0) + count(s.selectionSet, seen);
        else if (s.kind === Kind.INLINE_FRAGMENT) total += count(s.selectionSet, seen);
        else if (!seen.has(s.name.value)) {
          total += count(fragments.get(s.name.value)?.selectionSet, new Set([...seen, s.name.value]));
        }
      }
      return total;
    };
    return {
      OperationDefinition(node) {
        const aliases = count(node.selectionSet, new Set());
        if (aliases > max) {
          context.reportError(new GraphQLError(`${aliases} aliases exceed the limit of ${max}`, { nodes: [node] }));
        }
      },
    };
  };
}

function unwrapList(type: GraphQLOutputType): boolean {
  const inner = isNonNullType(type) ? type.ofType : type;
  return isListType(inner);
}

/** The literal size argument of a field (`limit`, `first`, `last`), else its declared default. */
function sizeArgument(
  field: GraphQLField<unknown, unknown>,
  args: readonly { name: string; value: number | undefined }[],
): number | undefined {
  for (const name of ['limit', 'first', 'last']) {
    const given = args.find((a) => a.name === name);
    if (given) return given.value ?? ASSUMED_LIST_SIZE;
    const declared = field.args.find((a) => a.name === name);
    if (declared && typeof declared.defaultValue === 'number') return declared.defaultValue;
  }
  return undefined;
}

/**
 * Estimated cost of an operation: every field costs 1, and everything below a list costs once per expected item.
 * A list's expected size is its own `limit`/`first` argument, or that of the page object just above it
 * (`councilChildren(limit: 10) { items { ... } }`), or the argument's declared default, or ASSUMED_LIST_SIZE (a
 * variable also counts as ASSUMED_LIST_SIZE). One walk of the document against the schema.
 */
export function operationCost(
  schema: GraphQLSchema,
  parent: GraphQLNamedType,
  set: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  seen: ReadonlySet<string> = new Set(),
  pageSize?: number,
): number {
  if (!set) return 0;
  let total = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[s.name.value] : undefined;
      if (!field) {
        total += 1; // __typename, introspection, or unknown fields (reported by the standard rules)
        continue;
      }
      const args = (s.arguments ?? []).map((a) => ({
        name: a.name.value,
        value: a.value.kind === Kind.INT ? Number(a.value.value) : undefined,
      }));
      const size = sizeArgument(field, args);
      const isList = unwrapList(field.type);
      const multiplier = isList ? Math.max(1, size ?? pageSize ?? ASSUMED_LIST_SIZE) : 1;
      const below = operationCost(
        schema,
        getNamedType(field.type),
        s.selectionSet,
        fragments,
        seen,
        isList ? undefined : size,
      );
      total += 1 + multiplier * below;
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      const on = s.typeCondition ? (schema.getType(s.typeCondition.name.value) ?? parent) : parent;
      total += operationCost(schema, on, s.selectionSet, fragments, seen, pageSize);
    } else if (!seen.has(s.name.value)) {
      const fragment = fragments.get(s.name.value);
      if (!fragment) continue;
      const on = schema.getType(fragment.typeCondition.name.value) ?? parent;
      total += operationCost(schema, on, fragment.selectionSet, fragments, new Set([...seen, s.name.value]), pageSize);
    }
  }
  return total;
}

export function costLimit(max: number) {
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();
    const fragments = fragmentsOf(context);
    return {
      OperationDefinition(node) {
        const root =
          node.operation === 'query'
            ? schema.getQueryType()
            : node.operation === 'mutation'
              ? schema.getMutationType()
              : schema.getSubscriptionType();
        if (!root) return;
        const cost = operationCost(schema, root, node.selectionSet, fragments);
        if (cost > max) {
          context.reportError(new GraphQLError(`query cost ${cost} exceeds the limit of ${max}`, { nodes: [node] }));
        }
      },
    };
  };
}

export interface RequestLimits {
  /** Largest GraphQL document (the query text, not its variables), in characters. */
  maxQueryChars: number;
  /** Most operations in one HTTP request (a JSON array); 1 means batching is off. */
  maxBatch: number;
}

interface LimitedRequest {
  method?: string;
  body?: unknown;
  query?: unknown;
}
interface LimitedResponse {
  status(code: number): LimitedResponse;
  json(body: unknown): void;
}

/**
 * HTTP-level limits checked before GraphQL parses anything: the batch size and the size of each query document.
 * (The body size itself is capped by the JSON body parser: RCC_MAX_REQUEST_BYTES.)
 */
export function requestLimitsMiddleware(limits: RequestLimits) {
  const refuse = (res: LimitedResponse, message: string) =>
    res.status(400).json({ errors: [{ message, extensions: { code: 'REQUEST_TOO_LARGE' } }] });
  return (req: LimitedRequest, res: LimitedResponse, next: () => void): void => {
    const body = req.method === 'GET' ? req.query : req.body;
    const operations = Array.isArray(body) ? (body as unknown[]) : [body];
    if (Array.isArray(body) && limits.maxBatch <= 1) {
      return refuse(res, 'batched requests are not accepted: send one operation per request');
    }
    if (operations.length > limits.maxBatch) {
      return refuse(res, `a batch of ${operations.length} operations exceeds the limit of ${limits.maxBatch}`);
    }
    for (const op of operations) {
      const query = (op as { query?: unknown } | null)?.query;
      if (typeof query === 'string' && query.length > limits.maxQueryChars) {
        return refuse(res, `a query of ${query.length} characters exceeds the limit of ${limits.maxQueryChars}`);
      }
    }
    next();
  };
}
