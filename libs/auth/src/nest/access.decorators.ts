import { SetMetadata } from '@nestjs/common';
import type { Role } from '../roles.js';

export const ACCESS_POLICY = 'rcc:access-policy';

export type AccessPolicy = { kind: 'public' } | { kind: 'roles'; roles: Role[] };

/** Who may call this resolver or route. Every resolver declares one; the guard refuses those that do not. */
export const Allow = (...roles: Role[]) => SetMetadata(ACCESS_POLICY, { kind: 'roles', roles } satisfies AccessPolicy);

/** Explicitly open to anyone, including anonymous callers (published aggregates, health). */
export const Public = () => SetMetadata(ACCESS_POLICY, { kind: 'public' } satisfies AccessPolicy);
