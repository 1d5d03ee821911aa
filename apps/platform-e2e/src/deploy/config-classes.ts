import { loadConfig, type BaseConfig } from '@rcc/platform';

/** The app each deployable runs (RCC_APP), and where its configuration class lives. */
export const APPS = {
  council: 'CouncilConfig',
  registry: 'RegistryConfig',
  commissioning: 'CommissioningConfig',
  analytics: 'AnalyticsConfig',
  gateway: 'GatewayConfig',
  web: 'WebConfig',
} as const;
export type AppName = keyof typeof APPS;

/**
 * Validates an environment with the configuration class the app itself uses at start (loaded by path, as the CLI loads
 * services: deployment checks look at every app, they do not depend on one). Throws the service's own ConfigError.
 */
export async function checkAppConfig(app: string, env: Record<string, string>): Promise<BaseConfig> {
  if (!(app in APPS)) throw new Error(`unknown RCC_APP ${JSON.stringify(app)}`);
  const path = `../../../${app}/src/platform/${app}.config.js`;
  const mod = (await import(path)) as Record<string, new () => BaseConfig>;
  const cls = mod[APPS[app as AppName]];
  if (!cls) throw new Error(`${path} does not export ${APPS[app as AppName]}`);
  return loadConfig(app, cls, env);
}
