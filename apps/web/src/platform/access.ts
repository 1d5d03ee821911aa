import {
  applyDecorators,
  CallHandler,
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FilesInterceptor } from '@nestjs/platform-express';
import type { Role } from '@rcc/auth';
import type { Observable } from 'rxjs';
import { session, SignInRequired, type WebRequest } from './http.js';
import { SessionService } from './session.service.js';

const ROLES = 'rcc:web:roles';
const UPLOAD = 'rcc:web:upload';

/** Pages for signed-in users with one of these roles (others: sign in, or "you do not have access"). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export class CsrfRejected extends ForbiddenException {
  constructor() {
    super('The form has expired or did not come from this service. Go back, reload the page and try again.');
  }
}

/** A page that needs a role: signed-out users are sent to sign in, others refused. Pages without @Roles are public. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles) return true;
    const req = context.switchToHttp().getRequest<WebRequest>();
    const principal = session(req).principal;
    if (!principal) throw new SignInRequired(req.method === 'GET' ? req.originalUrl : '/');
    if (!principal.roles.some((r) => roles.includes(r)))
      throw new ForbiddenException('You do not have access to this page.');
    return true;
  }
}

/**
 * CSRF on every state-changing request: a urlencoded form must carry the token. A multipart form (file upload) is
 * only accepted by a handler marked @Upload, whose interceptor checks the token once the body has been read.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<WebRequest>();
    if (req.method === 'GET' || req.method === 'HEAD') return true;
    const type = String(req.headers['content-type'] ?? '');
    if (type.startsWith('multipart/form-data')) {
      if (this.reflector.get<boolean>(UPLOAD, context.getHandler())) return true;
      throw new CsrfRejected();
    }
    if (!type.startsWith('application/x-www-form-urlencoded')) throw new CsrfRejected();
    if (!this.sessions.csrfValid(session(req), req.body?.['_csrf'])) throw new CsrfRejected();
    return true;
  }
}

@Injectable()
export class UploadCsrfInterceptor implements NestInterceptor {
  constructor(private readonly sessions: SessionService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<WebRequest>();
    if (!this.sessions.csrfValid(session(req), req.body?.['_csrf'])) throw new CsrfRejected();
    return next.handle();
  }
}

/** A file upload form: files read into memory (limits below), then the CSRF token checked, then the handler. */
export function Upload(field: string, limits: { files: number; fileSize: number }) {
  return applyDecorators(
    SetMetadata(UPLOAD, true),
    UseInterceptors(
      FilesInterceptor(field, limits.files, { limits: { fileSize: limits.fileSize, files: limits.files } }),
      UploadCsrfInterceptor,
    ),
  );
}
