import kafkajs, { type Admin } from 'kafkajs';
import { deadLetterTopic } from '@rcc/contracts';
import { COUNCIL_ADDRESSED_TOPICS, COUNCIL_WRITTEN_TOPICS, councilTopic } from './addressing.js';

/** One ACL: allow `principal` to do `operation` on a topic or consumer group (a literal name or a name prefix). */
export interface AclEntry {
  principal: string;
  resource: 'topic' | 'group';
  pattern: 'literal' | 'prefixed';
  name: string;
  operation: 'read' | 'write' | 'create' | 'describe';
}

export interface RegionAclOptions {
  councils: string[];
  /** The deployment's topic prefix (KAFKA_TOPIC_PREFIX), if any. */
  prefix?: string;
  /** The hub's broker principal. Default `hub`. */
  hubPrincipal?: string;
  /** A council's broker principal. Default `council-<code in lower case>`. */
  councilPrincipal?: (code: string) => string;
}

export const councilPrincipalName = (code: string) => `council-${code.toLowerCase()}`;

/**
 * The broker's ACLs for a region (ADR 0035): what each organisation's principal may do, and nothing else (the
 * authorizer refuses what no ACL allows). A council writes only its own topics (need, referrals, placements), reads
 * only what is addressed to it (its referral responses) and its own consumer group. The hub's services write their
 * own topics (registry, commissioning, analytics, including each council's referral responses) and read every
 * council's topics.
 */
export function regionAcls(options: RegionAclOptions): AclEntry[] {
  const prefix = options.prefix ?? '';
  const hub = `User:${options.hubPrincipal ?? 'hub'}`;
  const councilOf = options.councilPrincipal ?? councilPrincipalName;
  const acls: AclEntry[] = [];
  const allow = (
    principal: string,
    resource: AclEntry['resource'],
    pattern: AclEntry['pattern'],
    name: string,
    ops: AclEntry['operation'][],
  ) => {
    for (const operation of ops) acls.push({ principal, resource, pattern, name: `${prefix}${name}`, operation });
  };
  for (const code of options.councils) {
    const council = `User:${councilOf(code)}`;
    for (const topic of COUNCIL_WRITTEN_TOPICS)
      allow(council, 'topic', 'literal', councilTopic(topic, code), ['write', 'describe', 'create']);
    for (const topic of COUNCIL_ADDRESSED_TOPICS) {
      allow(council, 'topic', 'literal', councilTopic(topic, code), ['read', 'describe', 'create']);
      // Its dead letters (events it refused) go to the topic's dead-letter topic, which only the hub reads.
      allow(council, 'topic', 'literal', deadLetterTopic(topic), ['write', 'describe']);
    }
    allow(council, 'group', 'literal', `rcc.council.${code}`, ['read']);
    // The hub's producer of a council's referral responses needs nothing more: its prefix below covers them.
  }
  for (const owned of ['rcc.registry.', 'rcc.commissioning.', 'rcc.analytics.'])
    allow(hub, 'topic', 'prefixed', owned, ['read', 'write', 'describe', 'create']);
  allow(hub, 'topic', 'prefixed', 'rcc.council.', ['read', 'describe', 'create']);
  for (const topic of COUNCIL_WRITTEN_TOPICS) allow(hub, 'topic', 'literal', deadLetterTopic(topic), ['write']);
  for (const group of ['rcc.registry', 'rcc.commissioning', 'rcc.analytics'])
    allow(hub, 'group', 'literal', group, ['read']);
  return acls;
}

// kafkajs is CommonJS: Node's ESM loader sees only some of its named exports, not these enums.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

const OPERATION = {
  read: AclOperationTypes.READ,
  write: AclOperationTypes.WRITE,
  create: AclOperationTypes.CREATE,
  describe: AclOperationTypes.DESCRIBE,
} as const;

/** Applies ACLs through an admin client connected as the broker's super user (idempotent: the broker keeps one each). */
export async function applyAcls(admin: Admin, acls: AclEntry[]): Promise<void> {
  await admin.createAcls({
    acl: acls.map((a) => ({
      resourceType: a.resource === 'topic' ? AclResourceTypes.TOPIC : AclResourceTypes.GROUP,
      resourceName: a.name,
      resourcePatternType: a.pattern === 'literal' ? ResourcePatternTypes.LITERAL : ResourcePatternTypes.PREFIXED,
      principal: a.principal,
      host: '*',
      operation: OPERATION[a.operation],
      permissionType: AclPermissionTypes.ALLOW,
    })),
  });
}

/** One line per ACL, for `rcc kafka-acls` and reviews. */
export function formatAcl(a: AclEntry): string {
  return `${a.principal} ${a.operation.toUpperCase()} ${a.resource} ${a.pattern === 'prefixed' ? `${a.name}*` : a.name}`;
}
