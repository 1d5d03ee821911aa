import { parseArgs } from 'node:util';
import { isRole, ROLES, type Principal } from '@rcc/auth';
import { devToken } from './dev-keys.js';

export async function tokenCommand(argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      role: { type: 'string' },
      council: { type: 'string' },
      provider: { type: 'string' },
      subject: { type: 'string' },
      ttl: { type: 'string', default: String(8 * 3600) },
    },
    strict: true,
  });
  if (process.env['RCC_ENV'] === 'production') throw new Error('development tokens are not issued in production');
  if (!isRole(values.role)) throw new Error(`--role must be one of: ${ROLES.join(', ')}`);
  const ttlSeconds = Number(values.ttl);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new Error('--ttl must be a whole number of seconds');
  const principal: Principal = {
    subject:
      values.subject ??
      `dev-${values.role}${values.council ? `-${values.council}` : ''}${values.provider ? `-${values.provider}` : ''}`,
    roles: [values.role],
    ...(values.council ? { council: values.council } : {}),
    ...(values.provider ? { provider: values.provider } : {}),
  };
  return devToken(principal, ttlSeconds);
}
