import { IsIn, IsOptional, Matches } from 'class-validator';
import { ServiceConfig, IntSetting, RegionCouncilsSetting } from '@rcc/platform';

export class RegistryConfig extends ServiceConfig {
  override PORT = 4201;

  /** A referral with no offer this long after it was opened is an unmet-need event (default 48 hours). */
  @IntSetting(1, 60 * 60 * 24 * 60)
  RCC_REFERRAL_WINDOW_SECONDS = 172_800;

  /** A vacancy declaration older than this stops counting as supply and is re-published as expired (default 7 days). */
  @IntSetting(1, 60 * 60 * 24 * 90)
  RCC_VACANCY_STALE_SECONDS = 604_800;

  /** How often the registry looks for expired referral windows and stale vacancies. */
  @IntSetting(1, 3600)
  RCC_SWEEP_INTERVAL_SECONDS = 30;

  /** `true`: only settings on a framework or DPS are sent referrals; otherwise framework members are ranked first. */
  @IsIn(['true', 'false'])
  RCC_MARKETPLACE_FRAMEWORK_ONLY: 'true' | 'false' = 'false';

  /** The member councils (ONS codes); when set, referrals from any other council are refused (dead-lettered). */
  @IsOptional()
  @RegionCouncilsSetting()
  RCC_REGION_COUNCILS?: string;

  /** How messages are sent (docs/adr/0051): none (only the work queues), smtp or notify (GOV.UK Notify). */
  @IsIn(['none', 'smtp', 'notify'])
  RCC_NOTIFY_SENDER: 'none' | 'smtp' | 'notify' = 'none';

  /** smtp: the relay, e.g. smtp://user:password@mail.example.org:587. */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'RCC_SMTP_URL must be smtp://host:port or smtps://host:port' })
  RCC_SMTP_URL?: string;

  /** smtp: the From address. */
  @IsOptional()
  @Matches(/^\S+@\S+$/, { message: 'RCC_NOTIFY_FROM must be an e-mail address' })
  RCC_NOTIFY_FROM?: string;

  /** notify: the GOV.UK Notify API key and the id of a template with ((subject)) and ((body)). */
  @IsOptional() RCC_NOTIFY_API_KEY?: string;
  @IsOptional() RCC_NOTIFY_TEMPLATE_ID?: string;
  @IsOptional() RCC_NOTIFY_BASE_URL?: string;

  /** Who receives messages: provider:<provider id>=address and council:<ONS code>=address, separated by commas. */
  @IsOptional()
  @Matches(
    /^((provider:[0-9a-f-]{36}|council:E(06|08|09|10)\d{6})=\S+@[^,\s]+)(,(provider:[0-9a-f-]{36}|council:E(06|08|09|10)\d{6})=\S+@[^,\s]+)*$/,
    {
      message: 'RCC_NOTIFY_RECIPIENTS must be provider:<id>=address or council:<ONS code>=address, separated by commas',
    },
  )
  RCC_NOTIFY_RECIPIENTS?: string;

  /** The web front end's address, for the links in messages. */
  RCC_PUBLIC_WEB_URL = 'http://127.0.0.1:3000';

  get notifyRecipients(): Map<string, string> {
    return new Map(
      (this.RCC_NOTIFY_RECIPIENTS ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => pair.split('=') as [string, string]),
    );
  }

  get regionCouncils(): string[] | null {
    return this.RCC_REGION_COUNCILS ? this.RCC_REGION_COUNCILS.split(',') : null;
  }
}
