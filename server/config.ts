/** Everything the server reads from its environment, with the defaults of a one-command start. */
export interface Config {
  port: number;
  host: string;
  /** Where the SQLite file lives when no DATABASE_URL is set. */
  dataDir: string;
  databaseUrl: string | undefined;
  /** Name of the team created on first start. */
  teamName: string;
  /** Per-token request budget: a burst, refilled at a steady rate. */
  rateLimit: { burst: number; perSecond: number };
  /** Per-address budget for redeeming invites: tight, so guessing codes is pointless. */
  signInRateLimit: { burst: number; perSecond: number };
  /** Behind a load balancer: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: integer(env, 'PORT', 8787),
    host: env.HOST || '0.0.0.0',
    dataDir: env.DATA_DIR || './data',
    databaseUrl: env.DATABASE_URL || undefined,
    teamName: env.TEAM_NAME || 'Support team',
    rateLimit: { burst: integer(env, 'RATE_LIMIT_BURST', 300), perSecond: integer(env, 'RATE_LIMIT_PER_SECOND', 30) },
    signInRateLimit: { burst: 10, perSecond: 0.2 },
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
  };
}
