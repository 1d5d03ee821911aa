import {
  createParamDecorator,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { hasCouncilRole, PUBLIC_PRINCIPAL, type Principal } from '../roles.js';
import { AuthError, bearerToken, TokenVerifier } from '../tokens.js';
import { ACCESS_POLICY, type AccessPolicy } from './access.decorators.js';

export interface AccessGuardOptions {
  verifier: TokenVerifier;
  /** Set on a council instance: council callers must belong to this council, whatever role they hold. */
  tenantCouncil?: string;
}

interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

function requestOf(context: ExecutionContext): RequestLike | undefined {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req?: RequestLike }>().req;
  }
  return context.switchToHttp().getRequest<RequestLike>();
}

/**
 * Verifies the bearer token on every call (the gateway has checked it too: no trust in the network) and applies the
 * resolver's declared policy. Fails closed: a handler with no policy is refused.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly options: AccessGuardOptions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const req = requestOf(context);
    if (!req) throw new ForbiddenException('no request context');
    const principal = await this.authenticate(req);
    if (!policy) throw new ForbiddenException('this operation declares no access policy');
    if (policy.kind === 'public') return true;
    if (!principal.roles.some((r) => policy.roles.includes(r))) {
      throw new ForbiddenException(`requires one of: ${policy.roles.join(', ')}`);
    }
    if (this.options.tenantCouncil && hasCouncilRole(principal) && principal.council !== this.options.tenantCouncil) {
      throw new ForbiddenException('this council instance does not serve your council');
    }
    return true;
  }

  private async authenticate(req: RequestLike): Promise<Principal> {
    if (req.principal) return req.principal;
    try {
      const token = bearerToken(req.headers['authorization']);
      req.principal = token ? await this.options.verifier.verify(token) : PUBLIC_PRINCIPAL;
      return req.principal;
    } catch (error) {
      if (error instanceof AuthError) throw new UnauthorizedException(error.message);
      throw error;
    }
  }
}

/** The verified caller, for resolvers that scope results (e.g. a provider sees only its own settings). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = requestOf(context)?.principal;
  if (!principal) throw new UnauthorizedException('not authenticated');
  return principal;
});
