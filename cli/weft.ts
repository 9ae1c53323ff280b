#!/usr/bin/env -S node --import tsx
/** The `weft` command line: `weft help` lists the commands (the work happens in program.ts). */
import { runWeft } from './program';

const line = (stream: NodeJS.WriteStream) => (text: string) => void stream.write(`${text}\n`);

const result = await runWeft(process.argv.slice(2), {
  env: process.env,
  io: { out: line(process.stdout), err: line(process.stderr) },
});
// A number ends the process (stdout and stderr are synchronous for files and pipes on POSIX);
// `weft start` returns its server, which runs until SIGINT or SIGTERM.
if (typeof result === 'number') process.exit(result);
