import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { S3Settings } from './platform/s3-storage';

/**
 * Every setting Vellum reads, validated once at start-up. A bad value stops the start with one line
 * per problem, naming the variable (immich's rule: fail listing every bad variable).
 */
const environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  VELLUM_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  VELLUM_WEB_DIR: z.string().min(1).optional(),
  VELLUM_KEYS_DIR: z.string().min(1).optional(),
  VELLUM_MASTER_KEY_FILE: z.string().min(1).optional(),
  VELLUM_BACKUP_DIR: z.string().min(1).optional(),
  VELLUM_BACKUP_KEEP_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  VELLUM_AUDIT_ANCHOR_FILE: z.string().min(1).optional(),
  VELLUM_PUBLIC_URL: z.url().optional(),
  VELLUM_TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|[1-9]|1[0-9])$/,
      'must be false, true (one proxy) or a number of proxies from 1 to 19',
    )
    .default('false'),
  VELLUM_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  VELLUM_MAIL_FROM: z.string().min(3).optional(),
  VELLUM_MOLLIE_API_KEY: z
    .string()
    .regex(/^(live|test)_\w{20,}$/, 'must be a Mollie API key (live_… or test_…)')
    .optional(),
  VELLUM_MOLLIE_API_URL: z.url().optional(),
  VELLUM_S3_ENDPOINT: z
    .string()
    .regex(/^https?:\/\/[^/\s]+/, 'must be an http:// or https:// URL of the S3-compatible store')
    .optional(),
  VELLUM_S3_BUCKET: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'must be a bucket name (3-63 lower-case letters, digits, dots, hyphens)',
    )
    .optional(),
  VELLUM_S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{2,40}$/, 'must be a region such as eu-west-1')
    .optional(),
  VELLUM_S3_ACCESS_KEY_ID: z.string().min(3).optional(),
  VELLUM_S3_SECRET_ACCESS_KEY: z.string().min(8).optional(),
  VELLUM_S3_FORCE_PATH_STYLE: z.enum(['true', 'false'], 'must be true or false').default('true'),
  VELLUM_INSTANCE_ID: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'must be 1 to 64 letters, digits, dots, dashes or underscores')
    .optional(),
});

/** The variables that together name an object store; all or none must be set. */
const S3_VARIABLES = [
  'VELLUM_S3_ENDPOINT',
  'VELLUM_S3_BUCKET',
  'VELLUM_S3_ACCESS_KEY_ID',
  'VELLUM_S3_SECRET_ACCESS_KEY',
] as const;

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  logLevel: z.infer<typeof environment>['LOG_LEVEL'];
  environment: z.infer<typeof environment>['NODE_ENV'];
  webDir: string;
  /**
   * The master key file (mode 0600). Its folder is the keys folder: it also holds the backup key, the
   * erasure register and the installation file. By default `<data>.keys/`, beside the data folder and
   * not in it, so copying back an old data folder brings back neither an old key nor an old register
   * (decision 0017).
   */
  masterKeyFile: string;
  /** Where backups are written and pruned; by default `<data>.backups/`, beside the data folder. */
  backupDir: string;
  /** How many days a backup is kept before the nightly job deletes it. */
  backupKeepDays: number;
  /** Where the audit chain's head is written daily, outside the database. */
  auditAnchorFile: string;
  /** The address clients and staff reach Vellum at, for links in e-mails. */
  publicUrl: string;
  /**
   * How many proxies stand between the internet and Vellum (0: none). Only that many entries of
   * X-Forwarded-For, counted from the right, are believed; the client chooses everything left of them.
   */
  trustedProxyHops: number;
  /** Where e-mail goes out (smtp://user:pass@host:587); without it the owner reads the outbox in the app. */
  smtpUrl: string | undefined;
  /** The sender of Vellum's e-mail, e.g. "Huidkliniek Noord <info@huidkliniek-noord.nl>". */
  mailFrom: string;
  /** The webshop's Mollie API key; without it the shop offers pay at pick-up only. */
  mollieApiKey: string | undefined;
  /** Mollie's API base (tests point it at the fake Mollie). */
  mollieApiUrl: string;
  /** The object store for photos (a chain); without it photos live in `<data>/photos`. */
  s3: S3Settings | undefined;
  /**
   * This app instance's name, in the health answer and the job records, to tell several instances on
   * one database apart; by default the host name and process id.
   */
  instanceId: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
  }
}

const projectRoot = path.resolve(import.meta.dirname, '..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environment.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== '')),
  );
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
  // An object store is named by all its variables or none: half a set would put photos in the folder
  // while the operator believes they are in the bucket.
  const given = S3_VARIABLES.filter((name) => env[name] !== undefined && env[name] !== '');
  if (given.length > 0) {
    for (const name of S3_VARIABLES) {
      if (!given.includes(name))
        problems.push(
          `${name} is required when ${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set`,
        );
    }
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.VELLUM_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    logLevel: e.LOG_LEVEL,
    environment: e.NODE_ENV,
    webDir: path.resolve(e.VELLUM_WEB_DIR ?? path.join(projectRoot, 'web', 'dist')),
    masterKeyFile: path.resolve(
      e.VELLUM_MASTER_KEY_FILE ??
        path.join(e.VELLUM_KEYS_DIR ?? `${path.resolve(e.VELLUM_DATA_DIR)}.keys`, 'master.key'),
    ),
    backupDir: path.resolve(e.VELLUM_BACKUP_DIR ?? `${path.resolve(e.VELLUM_DATA_DIR)}.backups`),
    backupKeepDays: e.VELLUM_BACKUP_KEEP_DAYS,
    auditAnchorFile: path.resolve(
      e.VELLUM_AUDIT_ANCHOR_FILE ?? path.join(e.VELLUM_DATA_DIR, 'audit-anchors.jsonl'),
    ),
    publicUrl: (e.VELLUM_PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    trustedProxyHops: proxyHops(e.VELLUM_TRUST_PROXY),
    smtpUrl: e.VELLUM_SMTP_URL,
    mailFrom: e.VELLUM_MAIL_FROM ?? 'Vellum <vellum@localhost>',
    mollieApiKey: e.VELLUM_MOLLIE_API_KEY,
    mollieApiUrl: e.VELLUM_MOLLIE_API_URL ?? 'https://api.mollie.com/v2/',
    s3:
      e.VELLUM_S3_ENDPOINT && e.VELLUM_S3_BUCKET && e.VELLUM_S3_ACCESS_KEY_ID && e.VELLUM_S3_SECRET_ACCESS_KEY
        ? {
            endpoint: e.VELLUM_S3_ENDPOINT,
            bucket: e.VELLUM_S3_BUCKET,
            region: e.VELLUM_S3_REGION ?? 'us-east-1',
            accessKeyId: e.VELLUM_S3_ACCESS_KEY_ID,
            secretAccessKey: e.VELLUM_S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.VELLUM_S3_FORCE_PATH_STYLE === 'true',
          }
        : undefined,
    instanceId: e.VELLUM_INSTANCE_ID ?? `${hostname()}-${process.pid}`,
  };
}

function proxyHops(value: string): number {
  if (value === 'false') return 0;
  if (value === 'true') return 1;
  return Number(value);
}

const packageJson = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
  version: string;
};

/** The running Vellum version, from package.json. */
export const version: string = packageJson.version;
