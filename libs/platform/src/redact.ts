/**
 * Log redaction: what may be written to a log about SQL and database errors (issue 15). One small module, no logger of
 * its own, so any logger (Nest's, TypeORM's, a JSON logger) can call it. The rule: schema names, error codes and the
 * shape of a statement may be logged; values never (statement parameters, literals, and the parts of a PostgreSQL
 * error that quote a row: its detail, its COPY context, quoted values in its message).
 */

const MAX_SQL_CHARS = 500;

/** A statement's text with its quoted literals replaced by '?' and cut to a readable length (parameters never). */
export function redactSql(sql: string): string {
  const text = sql
    .replace(/'(?:[^']|'')*'/g, "'?'")
    .replace(/\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, "'?'")
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > MAX_SQL_CHARS ? `${text.slice(0, MAX_SQL_CHARS)}…` : text;
}

/** A message with every quoted part ("…" or '…') replaced: PostgreSQL quotes offending values this way. */
export function redactQuoted(message: string): string {
  return message.replace(/"(?:[^"\\]|\\.)*"/g, '"?"').replace(/'(?:[^'\\]|\\.)*'/g, "'?'");
}

interface DatabaseErrorFields {
  message?: unknown;
  code?: unknown;
  table?: unknown;
  column?: unknown;
  constraint?: unknown;
  routine?: unknown;
}

const safeName = (value: unknown): string | undefined =>
  typeof value === 'string' && /^[A-Za-z0-9_.]{1,128}$/.test(value) ? value : undefined;

/**
 * A database error as it may be logged: its SQLSTATE, the table/column/constraint it names (schema names), and its
 * message with quoted values removed. Never `detail` ("Key (child_id)=(…)"), `where` (COPY's line and value), nor
 * the statement's parameters.
 */
export function describeDatabaseError(error: unknown): string {
  const e = (error ?? {}) as DatabaseErrorFields;
  const message = typeof e.message === 'string' ? redactQuoted(e.message) : 'database error';
  const names = (['table', 'column', 'constraint', 'routine'] as const)
    .map((k) => [k, safeName(e[k])] as const)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`);
  const code = safeName(e.code);
  return [code ? `[${code}]` : '', message, names.length ? `(${names.join(', ')})` : ''].filter(Boolean).join(' ');
}
