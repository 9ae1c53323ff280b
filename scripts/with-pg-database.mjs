#!/usr/bin/env node
/**
 * Runs a command with DATABASE_URL pointing at a fresh PostgreSQL database, and drops the
 * database afterwards, whatever happened:
 *
 *   node scripts/with-pg-database.mjs [--prefix weft_ci] -- <command> [args…]
 *
 * The server comes from WEFT_PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres,
 * trust authentication as in CI). Exits with the command's exit code.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const adminUrl = process.env.WEFT_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const argv = process.argv.slice(2);
let prefix = 'weft_test';
if (argv[0] === '--prefix') {
  prefix = argv[1];
  argv.splice(0, 2);
}
if (argv[0] === '--') argv.shift();
if (argv.length === 0 || !/^[a-z_][a-z0-9_]*$/.test(prefix)) {
  console.error('usage: node scripts/with-pg-database.mjs [--prefix name] -- <command> [args…]');
  process.exit(2);
}

const name = `${prefix}_${randomBytes(5).toString('hex')}`;
const url = new URL(adminUrl);
url.pathname = `/${name}`;

async function admin(statement) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

try {
  await admin(`create database ${name}`);
} catch (error) {
  console.error(`Could not create a database on ${new URL(adminUrl).host}: ${error.message}`);
  console.error('Start PostgreSQL there (trust authentication for user postgres), or set WEFT_PG_ADMIN_URL.');
  process.exit(1);
}
console.error(`[with-pg-database] created ${name} on ${url.host}`);

const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit', env: { ...process.env, DATABASE_URL: url.toString() } });
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
const code = await new Promise((resolve) => {
  child.once('error', (error) => {
    console.error(`[with-pg-database] could not run ${argv[0]}: ${error.message}`);
    resolve(127);
  });
  child.once('close', (status, signal) => resolve(status ?? (signal ? 128 : 1)));
});

try {
  await admin(`drop database if exists ${name} with (force)`);
  console.error(`[with-pg-database] dropped ${name}`);
} catch (error) {
  console.error(`[with-pg-database] could not drop ${name}: ${error.message}`);
}
process.exit(code);
