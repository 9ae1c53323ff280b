import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateMasterKey, loadMasterKeyring, masterKeyId, MASTER_KEY_FILE } from './master-keys';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-keys-'));
  tempDirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const quiet = () => {};

describe('loadMasterKeyring', () => {
  it('refuses to start a server without WEFT_MASTER_KEY', () => {
    expect(() => loadMasterKeyring({ dataDir: tempDir(), embedded: false, log: quiet })).toThrow(/WEFT_MASTER_KEY/);
    expect(() => loadMasterKeyring({ masterKey: '  ', dataDir: tempDir(), embedded: false, log: quiet })).toThrow(
      /WEFT_MASTER_KEY is not set/,
    );
  });

  it('rejects keys that are not base64 of exactly 32 bytes, naming the variable and not the value', () => {
    const short = crypto.randomBytes(31).toString('base64');
    const long = crypto.randomBytes(33).toString('base64');
    for (const bad of [short, long, 'not base64 at all!!', `${generateMasterKey()}x`]) {
      let message = '';
      try {
        loadMasterKeyring({ masterKey: bad, dataDir: tempDir(), embedded: true, log: quiet });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/WEFT_MASTER_KEY must be base64 of exactly 32 bytes/);
      expect(message).not.toContain(bad.trim());
    }
    expect(() =>
      loadMasterKeyring({ masterKey: generateMasterKey(), retiredKeys: `${generateMasterKey()},${short}`, dataDir: tempDir(), embedded: false }),
    ).toThrow(/WEFT_MASTER_KEYS_RETIRED \(entry 2\)/);
  });

  it('generates the embedded key file with mode 0600 in a 0700 folder, warns, and reuses it', () => {
    const dataDir = path.join(tempDir(), 'data');
    const logs: string[] = [];
    const first = loadMasterKeyring({ dataDir, embedded: true, log: (m) => logs.push(m) });
    const file = path.join(dataDir, MASTER_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(first.source).toBe('file');
    expect(logs.join('\n')).toMatch(/generated a new master key/);
    expect(logs.join('\n')).toMatch(/set WEFT_MASTER_KEY/);
    expect(logs.join('\n')).toMatch(/off the database host/);
    expect(fs.readdirSync(dataDir)).toEqual([MASTER_KEY_FILE]); // no temporary file left behind

    const second = loadMasterKeyring({ dataDir, embedded: true, log: quiet });
    expect(second.currentKeyId).toBe(first.currentKeyId);
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    expect(masterKeyId(key)).toBe(first.currentKeyId);
  });

  it('closes a key file that others can read', () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, MASTER_KEY_FILE);
    fs.writeFileSync(file, generateMasterKey());
    fs.chmodSync(file, 0o644);
    const logs: string[] = [];
    loadMasterKeyring({ dataDir, embedded: true, log: (m) => logs.push(m) });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(logs.join('\n')).toMatch(/had mode 644/);
  });

  it('prefers WEFT_MASTER_KEY to the file and creates no file', () => {
    const dataDir = tempDir();
    const keyring = loadMasterKeyring({ masterKey: generateMasterKey(), dataDir, embedded: true, log: quiet });
    expect(keyring.source).toBe('environment');
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('keeps a leftover master.key as a retired key when WEFT_MASTER_KEY is set in embedded mode', () => {
    const dataDir = tempDir();
    const fileKeyring = loadMasterKeyring({ dataDir, embedded: true, log: quiet });
    const logs: string[] = [];
    const keyring = loadMasterKeyring({ masterKey: generateMasterKey(), dataDir, embedded: true, log: (m) => logs.push(m) });
    expect(keyring.retiredKeyIds).toEqual([fileKeyring.currentKeyId]);
    expect(logs.join('\n')).toMatch(/rotate-master/);
    // A server never looks at the data folder.
    const server = loadMasterKeyring({ masterKey: generateMasterKey(), dataDir, embedded: false, log: quiet });
    expect(server.retiredKeyIds).toEqual([]);
  });
});

describe('wrap and unwrap', () => {
  it('round-trips under the current key and unwraps with a retired key', () => {
    const oldKey = generateMasterKey();
    const before = loadMasterKeyring({ masterKey: oldKey, dataDir: tempDir(), embedded: false });
    const dataKey = crypto.randomBytes(32);
    const { wrappedKey, masterKeyId: id } = before.wrap(dataKey);
    expect(id).toBe(before.currentKeyId);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(wrappedKey.includes(dataKey)).toBe(false);
    expect(before.unwrap(new Uint8Array(wrappedKey), id).equals(dataKey)).toBe(true);

    const after = loadMasterKeyring({ masterKey: generateMasterKey(), retiredKeys: oldKey, dataDir: tempDir(), embedded: false });
    expect(after.retiredKeyIds).toEqual([before.currentKeyId]);
    expect(after.unwrap(wrappedKey, id).equals(dataKey)).toBe(true);
    expect(after.wrap(dataKey).masterKeyId).toBe(after.currentKeyId);
  });

  it('refuses an unknown master key id and a tampered wrapped key', () => {
    const keyring = loadMasterKeyring({ masterKey: generateMasterKey(), dataDir: tempDir(), embedded: false });
    const { wrappedKey, masterKeyId: id } = keyring.wrap(crypto.randomBytes(32));
    expect(() => keyring.unwrap(wrappedKey, '0123456789abcdef')).toThrow(/not configured/);
    for (let i = 0; i < wrappedKey.length; i++) {
      const tampered = Buffer.from(wrappedKey);
      tampered[i] = tampered[i]! ^ 0x01;
      expect(() => keyring.unwrap(tampered, id)).toThrow();
    }
  });

  it('uses a fresh nonce for every wrap', () => {
    const keyring = loadMasterKeyring({ masterKey: generateMasterKey(), dataDir: tempDir(), embedded: false });
    const dataKey = crypto.randomBytes(32);
    const nonces = new Set(Array.from({ length: 1000 }, () => keyring.wrap(dataKey).wrappedKey.subarray(1, 13).toString('hex')));
    expect(nonces.size).toBe(1000);
  });
});
