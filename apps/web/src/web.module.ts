import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CsrfGuard, RolesGuard } from './platform/access.js';
import { ErrorPagesFilter } from './platform/error-pages.filter.js';
import { GatewayClient } from './platform/gateway.client.js';
import { SessionMiddleware } from './platform/session.middleware.js';
import { SessionService } from './platform/session.service.js';
import { WEB_CONFIG, type WebConfig } from './platform/web.config.js';
import { CONTROLLERS } from './modules/index.js';

/** The web front end: server-rendered GOV.UK Frontend pages over the gateway, one module per area (modules/). */
@Module({})
export class WebModule implements NestModule {
  static forRoot(config: WebConfig): DynamicModule {
    return {
      module: WebModule,
      controllers: CONTROLLERS,
      providers: [
        { provide: WEB_CONFIG, useValue: config },
        SessionService,
        GatewayClient,
        { provide: APP_GUARD, useClass: CsrfGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: ErrorPagesFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SessionMiddleware).forRoutes(...CONTROLLERS);
  }
}
