/**
 * Credentials never reach the logs: headers are redacted (LOG_REDACT), and so is a token
 * carried in the URL, as OpenRosa clients do (`/key/<token>/formList`, as in ODK Central), and a
 * `?secret=` as SMSSync sends when it polls for messages to send.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOG_REDACT } from '../app';
import { createTestAppWith } from './authz/helpers';
import type { TestApp } from './runtime';

const lines: string[] = [];
const stream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(chunk.toString('utf8'));
    done();
  },
});
let t: TestApp;
beforeAll(async () => {
  t = await createTestAppWith(() => {}, {}, { logger: { level: 'trace', redact: LOG_REDACT, stream } });
});
afterAll(async () => t?.close());

it('logs a request to a key URL without the key', async () => {
  const key = 'weft_00000000-0000-0000-0000-000000000000_CANARYKEYinTheUrl';
  await t.app.inject({ method: 'GET', url: `/api/openrosa/v1/key/${key}/formList?formID=weft_alert`, headers: { 'x-openrosa-version': '1.0' } });
  const logs = lines.join('');
  expect(logs).toContain('/api/openrosa/v1/key/[redacted]/formList');
  expect(logs).not.toContain('CANARYKEYinTheUrl');
});

it('logs an SMSSync poll without its shared secret', async () => {
  const channelId = crypto.randomUUID();
  await t.app.inject({ method: 'GET', url: `/api/alerts/sms/${channelId}/smssync?task=send&secret=CANARYsecretInTheUrl` });
  const logs = lines.join('');
  expect(logs).toContain(`/api/alerts/sms/${channelId}/smssync?task=send&secret=[redacted]`);
  expect(logs).not.toContain('CANARYsecretInTheUrl');
});
