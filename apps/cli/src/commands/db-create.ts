import { parseArgs } from 'node:util';
import pg from 'pg';
import { DATABASES } from './region.js';

/**
 * Creates the real-mode databases on a PostgreSQL server: one per service and per council instance, owned by a
 * login role that is not a superuser. Idempotent; --reset drops them first.
 */
export async function dbCreateCommand(argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      admin: {
        type: 'string',
        default: process.env['RCC_PG_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      },
      role: { type: 'string', default: 'rcc' },
      reset: { type: 'boolean', default: false },
    },
  });
  const client = new pg.Client({ connectionString: values.admin });
  await client.connect();
  const lines: string[] = [];
  try {
    const role = values.role!;
    if (!/^[a-z_][a-z0-9_]*$/.test(role)) throw new Error('--role must be a plain identifier');
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER CREATEDB`);
      lines.push(`created role ${role}`);
    }
    for (const db of DATABASES) {
      if (values.reset) await client.query(`DROP DATABASE IF EXISTS ${db.database} WITH (FORCE)`);
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.database]);
      if (found.rowCount === 0) {
        await client.query(`CREATE DATABASE ${db.database} OWNER ${role}`);
        lines.push(`created database ${db.database}`);
      } else {
        lines.push(`database ${db.database} exists`);
      }
    }
  } finally {
    await client.end();
  }
  return lines.join('\n');
}
