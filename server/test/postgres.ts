/** Throwaway databases on a PostgreSQL server, for tests and benchmarks. */
import pg from 'pg';

export async function withAdminClient<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The same server URL pointing at another database. */
export function withDatabaseName(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A closed pool's connections leave a moment after close() resolves; dropping WITH (FORCE) at
 * once would kill them mid-goodbye and surface as uncaught errors (57P01) somewhere else.
 * Wait for them, and force only as the last resort.
 */
export async function dropDatabaseWhenIdle(serverUrl: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await withAdminClient(serverUrl, (admin) => admin.query(`drop database if exists ${name}`));
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006') throw error; // 55006: still in use
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await withAdminClient(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`));
}
