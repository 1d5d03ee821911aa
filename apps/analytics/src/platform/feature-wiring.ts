import type { Type } from '@nestjs/common';
import type { AnyEventHandler } from '@rcc/messaging';

/**
 * What a feature brings to the service's platform: the TypeORM entities of the tables it owns and the event handlers
 * it consumes through the inbox. A feature module declares its own as a static `wiring`; app.module.ts only lists the
 * features and hands their wiring to PlatformModule (docs/adr/0055).
 */
export interface FeatureWiring {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: Function[];
  consumes?: Type<AnyEventHandler>[];
}

/** A feature module class, with the wiring it declares (if it owns tables or consumes events). */
export type WiredFeature = Type<unknown> & { readonly wiring?: FeatureWiring };

/** The entities and consumers of all the features, for PlatformModule.forRoot. */
export function platformWiring(features: readonly WiredFeature[]): Required<FeatureWiring> {
  return {
    entities: features.flatMap((f) => f.wiring?.entities ?? []),
    consumes: features.flatMap((f) => f.wiring?.consumes ?? []),
  };
}
