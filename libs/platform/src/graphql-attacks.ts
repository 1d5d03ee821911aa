/**
 * The two queries of issue 15 that took services down, as the limit tests (unit, each subgraph, the gateway) and the
 * gateway benchmark send them. They are valid GraphQL against the region's schema; only their size is hostile.
 */

/** `{ settings { provider { settings { provider … { id } } } } }`: `depth` levels of fields, the leaf included. */
export function nestedQuery(depth: number): string {
  let body = (depth - 1) % 2 === 1 ? 'urn' : 'id';
  for (let level = depth - 1; level >= 1; level--) body = `${level % 2 === 1 ? 'settings' : 'provider'} { ${body} }`;
  return `{ ${body} }`;
}

const fragmentName = (i: number): string =>
  i < 26 ? String.fromCharCode(65 + i) : `${fragmentName(Math.floor(i / 26) - 1)}${String.fromCharCode(65 + (i % 26))}`;

/**
 * Nested fragments, each spreading the next twice, the last an aliased `__typename`: as long as fits in `maxChars`.
 * Walking every spread again (the old rules) doubles the work per level; so does the alias count and the cost.
 */
export function fragmentBomb(maxChars = 837): string {
  const build = (levels: number) => {
    const parts = [`{...${fragmentName(0)}}`];
    for (let i = 0; i < levels; i++) {
      const next = fragmentName(i + 1);
      parts.push(`fragment ${fragmentName(i)} on Query{...${next} ...${next}}`);
    }
    parts.push(`fragment ${fragmentName(levels)} on Query{a:__typename}`);
    return parts.join(' ');
  };
  let levels = 1;
  while (build(levels + 1).length <= maxChars) levels += 1;
  return build(levels);
}
