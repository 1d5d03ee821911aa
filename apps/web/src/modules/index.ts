import { ForecastsController } from './analytics/forecasts.controller.js';
import { MarketController } from './analytics/market.controller.js';
import { ProviderMarketController } from './analytics/provider-market.controller.js';
import { OpenDataController } from './open-data/open-data.controller.js';
import { ImportsController } from './council/imports.controller.js';
import { IndicatorsController } from './council/indicators.controller.js';
import { ReconcileController } from './council/reconcile.controller.js';
import { CouncilStatementsController } from './council/statements.controller.js';
import { ReferralChangeController } from './council/referral-change.controller.js';
import { ReferralsController } from './council/referrals.controller.js';
import { DemandProfileController } from './demand-profile/demand-profile.controller.js';
import { HomeController } from './home/home.controller.js';
import { AdjustmentsController } from './hub/adjustments.controller.js';
import { ContractsController } from './hub/contracts.controller.js';
import { ProviderListsController } from './hub/provider-lists.controller.js';
import { HubProvidersController } from './hub/providers.controller.js';
import { TenderController } from './hub/tender.controller.js';
import { TendersController } from './hub/tenders.controller.js';
import { ProviderReferralsController } from './provider/provider-referrals.controller.js';
import { ProviderSettingsController } from './provider/provider-settings.controller.js';
import { ProviderTendersController } from './provider/provider-tenders.controller.js';
import { ProviderController } from './provider/provider.controller.js';
import { OidcSignInController } from './sign-in/oidc-sign-in.controller.js';
import { SignInController } from './sign-in/sign-in.controller.js';

/** Every area's pages. A new area is a folder under modules/ with its controller(s), listed here and in the nav. */
export const CONTROLLERS = [
  HomeController,
  SignInController,
  OidcSignInController,
  DemandProfileController,
  ProviderController,
  ProviderTendersController,
  ProviderSettingsController,
  ProviderReferralsController,
  IndicatorsController,
  ImportsController,
  ReconcileController,
  ReferralChangeController,
  ReferralsController,
  CouncilStatementsController,
  TendersController,
  TenderController,
  ContractsController,
  AdjustmentsController,
  HubProvidersController,
  ProviderListsController,
  MarketController,
  ProviderMarketController,
  ForecastsController,
  OpenDataController,
];
