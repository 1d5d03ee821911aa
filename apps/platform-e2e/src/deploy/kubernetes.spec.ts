import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseAllDocuments } from 'yaml';
import { generateSigningKey, jwksOf, parseTrustedIssuers, privateJwk } from '@rcc/auth';
import { repoRoot } from '@rcc/platform';
import { checkAppConfig } from './config-classes.js';

/**
 * infra/k8s, rendered by `kubectl kustomize` (no cluster needed) and validated against the Kubernetes API schemas
 * (kubernetes-models, generated from the API's OpenAPI definitions). CI installs kubectl if it is missing (.ci/run);
 * without it this suite fails, it does not skip.
 */
const root = repoRoot();
const OVERLAYS = ['infra/k8s/overlays/hub', 'infra/k8s/overlays/council-e10000028'];
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; [k: string]: unknown };
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: { name: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  livenessProbe?: { httpGet?: { path: string; port: string } };
  readinessProbe?: { httpGet?: { path: string; port: string } };
  resources?: { requests?: Record<string, string> };
}
type PodSpec = { containers: Container[]; securityContext?: { runAsNonRoot?: boolean } };
const podOf = (d: Doc) => (d['spec'] as { template: { spec: PodSpec } }).template.spec;

function render(overlay: string): Doc[] {
  let out: string;
  try {
    out = execFileSync('kubectl', ['kustomize', join(root, overlay)], { encoding: 'utf8' });
  } catch (error) {
    throw new Error(`kubectl kustomize ${overlay} failed (is kubectl installed? apt-get install kubectl): ${error}`);
  }
  return parseAllDocuments(out).map((d) => d.toJSON() as Doc);
}

async function validate(doc: Doc): Promise<void> {
  const group = doc.apiVersion === 'v1' ? 'v1' : doc.apiVersion;
  const mod = (await import(`kubernetes-models/${group}/${doc.kind}`)) as Record<
    string,
    new (d: Doc) => { validate(): void }
  >;
  const Model = mod[doc.kind];
  if (!Model) throw new Error(`no schema for ${doc.apiVersion} ${doc.kind}`);
  new Model(doc).validate();
}

/** What a container's process sees: its envFrom ConfigMaps and Secrets, then env (values and key references). */
function containerEnv(c: Container, docs: Doc[], secrets: Record<string, string> = {}): Record<string, string> {
  const data = (kind: string, name: string) => {
    const d = docs.find((x) => x.kind === kind && x.metadata.name === name);
    if (!d) throw new Error(`${c.name} refers to a missing ${kind} ${name}`);
    const values = (kind === 'Secret' ? d['stringData'] : d['data']) as Record<string, string>;
    return kind === 'Secret' ? { ...values, ...secrets } : values;
  };
  const env: Record<string, string> = {};
  for (const from of c.envFrom ?? []) {
    if (from.configMapRef) Object.assign(env, data('ConfigMap', from.configMapRef.name));
    if (from.secretRef) Object.assign(env, data('Secret', from.secretRef.name));
  }
  for (const v of c.env ?? []) {
    const ref = v.valueFrom?.secretKeyRef ?? v.valueFrom?.configMapKeyRef;
    if (ref) {
      const value = data(v.valueFrom?.secretKeyRef ? 'Secret' : 'ConfigMap', ref.name)[ref.key];
      if (value === undefined) throw new Error(`${c.name}: ${ref.name} has no key ${ref.key}`);
      env[v.name] = value;
    } else env[v.name] = v.value ?? '';
  }
  return env;
}

const hubKey = generateSigningKey('hub-2026-12');
const councilKey = generateSigningKey('e10000028-2026-12');
const STRONG: Record<string, string> = {
  RCC_EVENT_KEYS: JSON.stringify({ hub: jwksOf(hubKey), E10000028: jwksOf(councilKey) }),
  RCC_EVENT_SIGNING_KEY: JSON.stringify(privateJwk(hubKey)),
  KAFKA_SASL_PASSWORD: 's'.repeat(32),
  RCC_WEB_CSRF_KEY: 'w'.repeat(64),
  RCC_PSEUDONYM_KEY: 'p'.repeat(64),
  DATABASE_URL: 'postgres://rcc:secret@db.example.org:5432/rcc_council',
  REGISTRY_DATABASE_URL: 'postgres://rcc:secret@db.example.org:5432/rcc_registry',
  COMMISSIONING_DATABASE_URL: 'postgres://rcc:secret@db.example.org:5432/rcc_commissioning',
  ANALYTICS_DATABASE_URL: 'postgres://rcc:secret@db.example.org:5432/rcc_analytics',
};

describe.each(OVERLAYS)('kubectl kustomize %s', (overlay) => {
  const docs = render(overlay);
  const deployments = docs.filter((d) => d.kind === 'Deployment');
  const jobs = docs.filter((d) => d.kind === 'Job');

  it('renders objects that all validate against the Kubernetes API schemas', async () => {
    expect(docs.length).toBeGreaterThan(5);
    for (const doc of docs) await expect(validate(doc).then(() => doc.kind)).resolves.toBe(doc.kind);
  });

  it('has a validator that rejects a broken object (the check above can fail)', async () => {
    const broken = structuredClone(deployments[0]!);
    (podOf(broken).containers[0]!.ports![0] as unknown as Record<string, unknown>)['containerPort'] = 'http';
    await expect(validate(broken)).rejects.toThrow(/containerPort must be integer/);
  });

  it('gives every Deployment probes, resource requests, a non-root pod and the release image', () => {
    expect(deployments.length).toBeGreaterThan(0);
    for (const d of deployments) {
      const pod = podOf(d);
      expect([d.metadata.name, pod.securityContext?.runAsNonRoot]).toEqual([d.metadata.name, true]);
      for (const c of pod.containers) {
        const ports = (c.ports ?? []).map((p) => p.name);
        expect(c.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
        expect(c.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http' });
        expect(ports).toContain('http');
        expect(Object.keys(c.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
        expect(c.image).toBe(`ghcr.io/rcc-exchange/rcc-exchange:${version}`);
      }
    }
  });

  it('ships secrets the services refuse, and passes each service config once they are set (no shared secret)', async () => {
    for (const d of deployments) {
      const c = podOf(d).containers[0]!;
      const app = containerEnv(c, docs)['RCC_APP']!;
      // The gateway holds no secret (it verifies tokens with the issuers' public keys); every other service does.
      const secretRefs = (c.env ?? []).filter((v) => v.valueFrom?.secretKeyRef).length;
      expect([d.metadata.name, secretRefs > 0]).toEqual([d.metadata.name, app !== 'gateway']);
      if (secretRefs > 0) await expect(checkAppConfig(app, containerEnv(c, docs))).rejects.toThrow(/refusing to start/);
      const config = await checkAppConfig(app, containerEnv(c, docs, STRONG));
      expect([d.metadata.name, config.RCC_ENV]).toEqual([d.metadata.name, 'production']);
    }
  });

  it('runs each database service migration as a Job with the same environment; the service only verifies', () => {
    const withDatabase = deployments.filter((d) => 'DATABASE_URL' in containerEnv(podOf(d).containers[0]!, docs));
    expect(withDatabase.length).toBeGreaterThan(0);
    for (const d of withDatabase) {
      const service = podOf(d).containers[0]!;
      expect(containerEnv(service, docs)['RCC_MIGRATIONS']).toBe('verify');
      const job = jobs.find((j) => j.metadata.name === `${d.metadata.name}-migrate`);
      expect([d.metadata.name, job !== undefined]).toEqual([d.metadata.name, true]);
      const step = podOf(job!).containers[0]!;
      expect(step.command?.slice(-2)).toEqual(['dist/apps/cli/src/main.js', 'migrate']);
      expect(step.image).toBe(service.image);
      expect(containerEnv(step, docs, STRONG)).toEqual(containerEnv(service, docs, STRONG));
    }
  });

  it('denies all traffic by default, with NetworkPolicies allowing only the flows it needs', () => {
    const policies = docs.filter((d) => d.kind === 'NetworkPolicy');
    const deny = policies.find((p) => p.metadata.name === 'default-deny');
    expect(deny?.['spec']).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(policies.length).toBeGreaterThanOrEqual(3);
  });
});

describe('trust: an issuer per organisation, and each organisation holds only its own keys', () => {
  const hub = render(OVERLAYS[0]!);
  const council = render(OVERLAYS[1]!);
  const configOf = (docs: Doc[]) => docs.find((d) => d.kind === 'ConfigMap')!['data'] as Record<string, string>;
  const secretOf = (docs: Doc[]) => docs.find((d) => d.kind === 'Secret')!['stringData'] as Record<string, string>;

  it('lists each issuer with an https JWKS and only what it may assert', () => {
    const hubIssuers = parseTrustedIssuers(configOf(hub)['RCC_TRUSTED_ISSUERS']!);
    expect(hubIssuers.filter((i) => i.hub).map((i) => i.issuer)).toEqual(['https://id.hub.example']);
    for (const i of hubIssuers) expect(String(i.jwks)).toMatch(/^https:\/\//);
    const councilIssuers = parseTrustedIssuers(configOf(council)['RCC_TRUSTED_ISSUERS']!);
    expect(councilIssuers.flatMap((i) => i.councils ?? [])).toEqual([configOf(council)['COUNCIL_CODE']]);
  });

  it("gives the council tenant one signing key (its own), its own Kafka principal, and none of the hub's secrets", () => {
    expect(Object.keys(secretOf(council)).sort()).toEqual(
      ['DATABASE_URL', 'KAFKA_SASL_PASSWORD', 'RCC_EVENT_KEYS', 'RCC_EVENT_SIGNING_KEY', 'RCC_PSEUDONYM_KEY'].sort(),
    );
    expect(configOf(council)['KAFKA_SASL_USERNAME']).toBe(
      `council-${configOf(council)['COUNCIL_CODE']!.toLowerCase()}`,
    );
    expect(configOf(hub)['KAFKA_SASL_USERNAME']).toBe('hub');
    expect(Object.keys(secretOf(hub))).not.toContain('RCC_PSEUDONYM_KEY');
    for (const docs of [hub, council]) {
      const all = JSON.stringify(docs);
      expect(all).not.toContain('RCC_JWT_SECRET');
      expect(all).not.toContain('RCC_JWT_ISSUER');
    }
  });

  it('refuses a council whose event key registry is missing or unreadable (a forgotten Secret value)', async () => {
    const c = podOf(council.find((d) => d.kind === 'Deployment')!).containers[0]!;
    const env = containerEnv(c, council, { ...STRONG, RCC_EVENT_KEYS: 'not-a-registry.json' });
    await expect(checkAppConfig('council', env)).rejects.toThrow(/refusing to start[\s\S]*no such file/);
  });
});

describe('the hub and a council tenant fit together', () => {
  it("routes the council's code to the council's Service, in its namespace, on its port", () => {
    const hub = render(OVERLAYS[0]!);
    const council = render(OVERLAYS[1]!);
    const cm = hub.find((d) => d.kind === 'ConfigMap')!['data'] as Record<string, string>;
    const councilCm = council.find((d) => d.kind === 'ConfigMap')!['data'] as Record<string, string>;
    const svc = council.find((d) => d.kind === 'Service')!;
    const port = (svc['spec'] as { ports: { port: number }[] }).ports[0]!.port;
    const routes = new Map(cm['RCC_COUNCILS']!.split(',').map((r) => r.split('=', 2) as [string, string]));
    expect(routes.get(councilCm['COUNCIL_CODE']!)).toBe(
      `http://${svc.metadata.name}.${svc.metadata.namespace}.svc.cluster.local:${port}/graphql`,
    );
    expect(cm['RCC_REGION_COUNCILS']!.split(',')).toContain(councilCm['COUNCIL_CODE']);
    // The council admits the hub's gateway only, from the hub's namespace.
    const policy = council.find((d) => d.kind === 'NetworkPolicy' && d.metadata.name === 'council')!;
    expect(JSON.stringify(policy['spec'])).toContain(
      `"kubernetes.io/metadata.name":"${hub.find((d) => d.kind === 'Namespace')!.metadata.name}"`,
    );
  });
});
