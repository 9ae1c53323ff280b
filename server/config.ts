/**
 * Every environment variable Weft reads, parsed and documented once. The README's
 * configuration table is written from this file.
 */
import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  /** postgres://… to run on a PostgreSQL server; unset runs the embedded PGlite. */
  DATABASE_URL: z.string().url().optional(),
  /**
   * AUTHZ-2: the role the server's connections act as (row-level security applies to it);
   * 'none' connects as the DATABASE_URL user itself. Ignored on the embedded database.
   */
  WEFT_DB_ROLE: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a PostgreSQL role name or none').default('weft_app'),
  /** Folder of the embedded database and the generated master key. */
  WEFT_DATA_DIR: z.string().default('./data'),
  /** Base64 of 32 random bytes. Unset in embedded mode: generated into the data folder. */
  WEFT_MASTER_KEY: z.string().optional(),
  /** Comma-separated retired master keys, still able to unwrap during a rotation. */
  WEFT_MASTER_KEYS_RETIRED: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Set when Weft is served over HTTPS (directly or behind a TLS proxy): cookies become Secure. */
  WEFT_SECURE_COOKIES: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Trust X-Forwarded-* from a reverse proxy. */
  WEFT_TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** SES-1 idle timeout and absolute lifetime of a session, in minutes. */
  WEFT_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  WEFT_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  /** Generate demo data on the first start of an empty database. */
  WEFT_DEMO: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Where the shared data folder (DR Congo boundaries, facilities) lives, for the demo. */
  WEFT_SHARED_DATA_DIR: z.string().default('../shared/data'),
  /** Page shown by the quick-exit control. A neutral local page by default. */
  WEFT_QUICK_EXIT_URL: z.string().default('/weather'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Attempts per minute and address at each sign-in step (password, second factor). */
  WEFT_SIGN_IN_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Inbound SMS webhook requests per minute and channel, checked before the signature. */
  WEFT_ALERT_CHANNEL_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(3000),
  /** AGG-2: counts below this are withheld from those who receive only aggregates. */
  WEFT_SMALL_CELL_THRESHOLD: z.coerce.number().int().min(5).max(1000).default(11),
  /** Argon2id cost: memory in KiB and passes (OWASP: 19 MiB, 2 passes at least). */
  WEFT_ARGON2_MEMORY_KIB: z.coerce.number().int().min(8192).default(19456),
  WEFT_ARGON2_PASSES: z.coerce.number().int().min(1).default(2),
  /**
   * How outbound SMS (acknowledgements, task notices, escalations) leave the sms_outbox:
   * 'gateway' calls each organisation's configured gateway (Twilio, Vonage, Africa's Talking,
   * a generic URL; SMSSync phones pull theirs); 'recording' sends nothing and marks each
   * message recorded, for development. Unset: 'recording' on the embedded database,
   * 'gateway' on a PostgreSQL server.
   */
  WEFT_SMS_TRANSPORT: z.enum(['recording', 'gateway']).optional(),
  /** Base URLs of the gateways' send APIs (tests point them at a local server). */
  WEFT_TWILIO_API_URL: z.string().url().default('https://api.twilio.com'),
  WEFT_VONAGE_API_URL: z.string().url().default('https://rest.nexmo.com'),
  WEFT_AFRICAS_TALKING_API_URL: z.string().url().default('https://api.africastalking.com'),
});

export type Config = Omit<z.infer<typeof schema>, 'WEFT_SMS_TRANSPORT'> & { dataDir: string; WEFT_SMS_TRANSPORT: 'recording' | 'gateway' };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Weft's configuration is invalid:\n${lines.join('\n')}`);
  }
  return {
    ...parsed.data,
    dataDir: path.resolve(parsed.data.WEFT_DATA_DIR),
    WEFT_SMS_TRANSPORT: parsed.data.WEFT_SMS_TRANSPORT ?? (parsed.data.DATABASE_URL ? 'gateway' : 'recording'),
  };
}
