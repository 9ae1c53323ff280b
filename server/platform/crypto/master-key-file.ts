/**
 * The embedded master key file: <dataDir>/master.key, mode 0600 in a 0700 folder. Writes are
 * atomic and durable (temporary file, fsync, link or rename, fsync of the folder) so a crash
 * never leaves a half-written key, which would make every encrypted field unreadable.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Reads a key file's text; a file readable by others is closed and reported. */
export function readKeyFileText(file: string, log: (message: string) => void): string {
  if (process.platform !== 'win32') {
    const mode = fs.statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      log(`WARNING: ${file} had mode ${mode.toString(8)}; changed to 600. Treat the key as possibly copied.`);
      fs.chmodSync(file, 0o600);
    }
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** Creates a key file with mode 0600, whole or not at all; false if it already exists. */
export function createKeyFileIfAbsent(file: string, text: string): boolean {
  const tmp = writeTempFile(file, text);
  try {
    fs.linkSync(tmp, file); // atomic, and refuses to replace an existing key
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  syncDirectory(path.dirname(file));
  return true;
}

/** Replaces a key file atomically, mode 0600. */
export function replaceKeyFile(file: string, text: string): void {
  const tmp = writeTempFile(file, text);
  fs.renameSync(tmp, file);
  syncDirectory(path.dirname(file));
}

export function removeKeyFile(file: string): void {
  fs.rmSync(file, { force: true });
  syncDirectory(path.dirname(file));
}

function writeTempFile(file: string, text: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.fchmodSync(fd, 0o600); // whatever the umask
    fs.writeSync(fd, `${text}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return tmp;
}

function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
