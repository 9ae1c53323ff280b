/** `weft start`: the HTTP server, with demo data on the first start of an empty database. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../server/config';
import { startServer } from '../../server/main';
import { lockEmbeddedDatabase, UsageError, type Io } from '../command-kit';

const USAGE = ['usage: weft start', '  serves the API and the web app (configuration from the environment)'];
const WEB_INDEX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist/index.html');

/** Starts the server; it runs until SIGINT or SIGTERM (handled by startServer). */
export async function runStartCommand(args: string[], config: Config, io: Io): Promise<{ url: string; stop: () => Promise<void> }> {
  if (args.length > 0) throw new UsageError(`unexpected argument ${args[0]}`, USAGE);
  if (!fs.existsSync(WEB_INDEX)) {
    io.err(`The web app is not built (${WEB_INDEX} is missing): only the API will answer. Run \`npm run build\`, or start with \`npm start\`, which builds it.`);
  }
  // Held until the process exits (startServer stops on SIGINT/SIGTERM, then exits).
  const unlock = lockEmbeddedDatabase(config);
  const server = await startServer(config).catch((error: unknown) => {
    unlock();
    throw error;
  });
  io.out(`Weft is running at ${server.url} (${config.DATABASE_URL ? 'PostgreSQL' : `embedded database in ${config.dataDir}`}). Stop it with Ctrl-C.`);
  return server;
}
