/**
 * Immutable values by version number, with whatever is derived from each (GraphQL objects, open data files) built
 * once. Nothing is ever invalidated: a version never changes. Bounded: the least recently used version goes first.
 */
export class VersionCache<V> {
  private readonly entries = new Map<number, { value: V; derived: Map<string, unknown> }>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error('VersionCache capacity must be a positive integer');
  }

  get size(): number {
    return this.entries.size;
  }

  get(version: number): V | undefined {
    const entry = this.entries.get(version);
    if (!entry) return undefined;
    this.entries.delete(version);
    this.entries.set(version, entry);
    return entry.value;
  }

  set(version: number, value: V): V {
    const existing = this.entries.get(version);
    if (existing) return existing.value;
    this.entries.set(version, { value, derived: new Map() });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  /**
   * What `build` makes of a cached version, built once per version and kind. `value` must be the cached value for
   * its version (a value not cached, or evicted meanwhile, is built and not kept).
   */
  derived<D>(value: V & { version: number }, kind: string, build: (value: V) => D): D {
    const entry = this.entries.get(value.version);
    if (!entry || entry.value !== value) return build(value);
    if (!entry.derived.has(kind)) entry.derived.set(kind, build(value));
    return entry.derived.get(kind) as D;
  }
}
