import { join } from 'node:path';
import { devToken } from './dev-keys.js';
import { graphqlRequest, repoRoot } from '@rcc/platform';
import { IMPORT_PROVIDERS_MUTATION, providerListFiles, type ProviderImportSummary } from './import-providers.js';

/**
 * Seeds the demo registry through the gateway, as the hub and a provider would: imports the SYNTHETIC provider list in
 * infra/demo/providers (repeatable: a second start finds everything unchanged) and has the provider with the most
 * open settings declare vacancies on up to three of its homes (only where none is current). Returns that provider's
 * id for the demo provider token.
 */
export async function seedRegistry(url: string, hubToken: string): Promise<string> {
  const files = providerListFiles([join(repoRoot(), 'infra', 'demo', 'providers', 'providers.csv')]);
  const imported = await graphqlRequest<{ importProviders: ProviderImportSummary }>(url, IMPORT_PROVIDERS_MUTATION, {
    token: hubToken,
    variables: { input: { files, strict: true } },
  });
  if (!imported.data) throw new Error(`seeding the provider list failed: ${JSON.stringify(imported.errors)}`);
  const s = imported.data.importProviders;
  console.log(
    `  Registry: ${s.rows} settings from the synthetic provider list (${s.new} new, ${s.changed} changed, ${s.closed} closed, ${s.unchanged} unchanged)`,
  );
  const settings = await graphqlRequest<{
    settings: { urn: string; providerId: string; settingType: string; currentVacancy: { stale: boolean } | null }[];
  }>(
    url,
    `{ settings(filter: { registrationStatus: "registered" }) { urn providerId settingType currentVacancy { stale } } }`,
    {
      token: hubToken,
    },
  );
  if (!settings.data) throw new Error(`reading the demo settings failed: ${JSON.stringify(settings.errors)}`);
  const homes = settings.data.settings.filter((x) => x.settingType === 'childrens-home');
  const perProvider = new Map<string, number>();
  for (const h of homes) perProvider.set(h.providerId, (perProvider.get(h.providerId) ?? 0) + 1);
  const [providerId] = [...perProvider.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
  const provider = await devToken({ subject: 'demo-provider', roles: ['provider.user'], provider: providerId });
  const availableUntil = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  for (const home of homes
    .filter((h) => h.providerId === providerId && (!h.currentVacancy || h.currentVacancy.stale))
    .slice(0, 3)) {
    const declared = await graphqlRequest(
      url,
      `mutation($input: DeclareVacancyInput!) { declareVacancy(input: $input) { id } }`,
      {
        token: provider,
        variables: {
          input: {
            urn: home.urn,
            vacancies: 1,
            ageBands: ['10-15', '16-plus'],
            canMeet: ['emotional-behavioural'],
            availableUntil,
          },
        },
      },
    );
    if (declared.errors) throw new Error(`declaring a demo vacancy failed: ${JSON.stringify(declared.errors)}`);
  }
  return providerId;
}
