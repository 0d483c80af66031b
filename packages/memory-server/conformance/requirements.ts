/** One `runOnRequirements` entry of a spec file or test. */
export interface RunOnRequirement {
  minServerVersion?: string;
  maxServerVersion?: string;
  topologies?: string[];
  serverless?: 'require' | 'forbid' | 'allow';
  serverParameters?: Record<string, unknown>;
  auth?: boolean;
  authMechanism?: string;
  csfle?: boolean | Record<string, unknown>;
}

/** What the server under test reports about itself. */
export interface ServerFacts {
  /** From `buildInfo.version`, e.g. `7.0.0`. */
  version: string;
  /** `single`, `replicaset`, `sharded`, `sharded-replicaset` or `load-balanced`. */
  topology: string;
  serverless: boolean;
  auth: boolean;
  csfle: boolean;
  /** `getParameter` for one name; `undefined` when the server does not know it. */
  getParameter(name: string): Promise<unknown>;
}

/**
 * Compares two dotted versions numerically, missing parts counting as 0.
 *
 * @example
 * compareVersions('4.4.99', '7.0.0'); // -1
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * Why one requirement is not met by the server, or `undefined` when it is.
 *
 * @example
 * await unmetRequirement({ topologies: ['sharded'] }, facts); // 'requires topology sharded (server is replicaset)'
 */
export async function unmetRequirement(
  req: RunOnRequirement,
  facts: ServerFacts,
): Promise<string | undefined> {
  if (req.minServerVersion && compareVersions(facts.version, req.minServerVersion) < 0) {
    return `requires server version >= ${req.minServerVersion} (server is ${facts.version})`;
  }
  if (req.maxServerVersion && compareVersions(facts.version, req.maxServerVersion) > 0) {
    return `requires server version <= ${req.maxServerVersion} (server is ${facts.version})`;
  }
  if (req.topologies && !req.topologies.includes(facts.topology)) {
    return `requires topology ${req.topologies.join('/')} (server is ${facts.topology})`;
  }
  if (req.serverless === 'require' && !facts.serverless) return 'requires serverless';
  if (req.serverless === 'forbid' && facts.serverless) return 'forbids serverless';
  if (req.auth !== undefined && req.auth !== facts.auth)
    return req.auth ? 'requires auth' : 'requires no auth';
  if (req.authMechanism !== undefined) return `requires auth mechanism ${req.authMechanism}`;
  if (req.csfle !== undefined && req.csfle !== false && !facts.csfle)
    return 'requires client-side encryption (csfle)';
  for (const [name, wanted] of Object.entries(req.serverParameters ?? {})) {
    const actual = await facts.getParameter(name);
    if (!sameParameter(actual, wanted)) return `requires server parameter ${name}=${JSON.stringify(wanted)}`;
  }
  return undefined;
}

function sameParameter(actual: unknown, wanted: unknown): boolean {
  if (actual === undefined) return false;
  if (typeof wanted === 'number' || typeof actual === 'number') return Number(actual) === Number(wanted);
  return JSON.stringify(actual) === JSON.stringify(wanted);
}

/**
 * Evaluates a `runOnRequirements` list: met when any one entry is met (an absent or empty list is
 * met). Returns `undefined` when met, else the reason of the first entry.
 *
 * @example
 * await checkRequirements([{ minServerVersion: '8.0' }, { topologies: ['replicaset'] }], facts); // undefined
 */
export async function checkRequirements(
  reqs: readonly RunOnRequirement[] | undefined,
  facts: ServerFacts,
): Promise<string | undefined> {
  if (!reqs || reqs.length === 0) return undefined;
  let first: string | undefined;
  for (const req of reqs) {
    const reason = await unmetRequirement(req, facts);
    if (reason === undefined) return undefined;
    first ??= reason;
  }
  return first;
}
