import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { WebRequest, WebResponse } from './http.js';
import { SessionService } from './session.service.js';

/** Reads the session and CSRF cookies before any guard or page runs. */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  constructor(private readonly sessions: SessionService) {}

  async use(req: WebRequest, res: WebResponse, next: (error?: unknown) => void): Promise<void> {
    try {
      req.session = await this.sessions.load(req, res);
      next();
    } catch (error) {
      next(error);
    }
  }
}
