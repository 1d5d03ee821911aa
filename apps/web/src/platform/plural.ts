/**
 * A count with its noun, singular for one ("1 error", "3 errors", "1,204 children"): one helper, so no page writes
 * "1 errors in 1 rows" (issue 22). The plural is the singular with an s unless given.
 */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}
