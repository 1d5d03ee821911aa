/** PostgreSQL error codes the services branch on. */
export const PG = { uniqueViolation: '23505', serializationFailure: '40001', deadlock: '40P01' } as const;

export function pgCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

/** node-pg returns bigint columns as strings; ledger amounts are always safe integers. */
export function toPence(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : (value as number);
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer amount of pence: ${String(value)}`);
  return n;
}
