import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@rcc/platform';
import { Providers1763769603000 } from './migrations/1763769603000-Providers.js';
import { RegistryMarketplace1763900000000 } from './migrations/1763900000000-RegistryMarketplace.js';
import { SettingGradeNote1765000000000 } from './migrations/1765000000000-SettingGradeNote.js';
import { ReferralReachAndOutcomes1766100000000 } from './migrations/1766100000000-ReferralReachAndOutcomes.js';
import { WideningAndDeclineNotes1767000000000 } from './migrations/1767000000000-WideningAndDeclineNotes.js';
import { ReferralChanges1767060000000 } from './migrations/1767060000000-ReferralChanges.js';
import { InspectionDatesAndTenderNotices1768200000000 } from './migrations/1768200000000-InspectionDatesAndTenderNotices.js';
import { MarketplaceModule } from './modules/marketplace/marketplace.module.js';
import {
  ReferralChangedConsumer,
  ReferralClosedConsumer,
  ReferralOpenedConsumer,
} from './modules/marketplace/referral-events.consumer.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';
import { TenderOutcomeConsumer } from './modules/notifications/tender-outcome.consumer.js';
import {
  ClarificationAnsweredConsumer,
  TenderPublishedConsumer,
} from './modules/notifications/tender-notices.consumer.js';
import { ProviderImportModule } from './modules/provider-import/provider-import.module.js';
import { ProviderEntity } from './modules/providers/provider.entity.js';
import { ProvidersModule } from './modules/providers/providers.module.js';
import { SettingsModule } from './modules/settings/settings.module.js';
import { VacanciesModule } from './modules/vacancies/vacancies.module.js';
import type { RegistryConfig } from './platform/registry.config.js';

@Module({})
export class RegistryModule {
  static forRoot(config: RegistryConfig): DynamicModule {
    return {
      module: RegistryModule,
      imports: [
        PlatformModule.forRoot({
          service: { name: 'registry' },
          config,
          entities: [ProviderEntity],
          migrations: [
            Providers1763769603000,
            RegistryMarketplace1763900000000,
            SettingGradeNote1765000000000,
            ReferralReachAndOutcomes1766100000000,
            WideningAndDeclineNotes1767000000000,
            ReferralChanges1767060000000,
            InspectionDatesAndTenderNotices1768200000000,
          ],
          consumes: [
            ReferralOpenedConsumer,
            ReferralChangedConsumer,
            ReferralClosedConsumer,
            TenderOutcomeConsumer,
            TenderPublishedConsumer,
            ClarificationAnsweredConsumer,
          ],
        }),
        ProvidersModule,
        SettingsModule,
        VacanciesModule,
        ProviderImportModule,
        MarketplaceModule,
        NotificationsModule,
      ],
    };
  }
}
