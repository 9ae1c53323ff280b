/**
 * Test support: inbound payloads shaped as the gateways send them (field names from
 * SMS-PAYLOAD-NOTES.md; numbers and ids fictional: +1 555 and +254 700 test ranges).
 */
export const NOW_MS = Date.UTC(2026, 10, 21, 9, 30, 0);
export const context = { nowMs: NOW_MS };

export const twilioFields = (): Record<string, string> => ({
  ToCountry: 'US',
  ToState: 'CA',
  SmsMessageSid: 'SM0123456789abcdef0123456789abcdef',
  NumMedia: '0',
  ToCity: '',
  FromZip: '',
  SmsSid: 'SM0123456789abcdef0123456789abcdef',
  FromState: '',
  SmsStatus: 'received',
  FromCity: '',
  Body: 'Armed men near the market, 3 trucks',
  FromCountry: 'KE',
  To: '+15555550100',
  ToZip: '',
  NumSegments: '1',
  MessageSid: 'SM0123456789abcdef0123456789abcdef',
  AccountSid: 'AC00000000000000000000000000000000',
  From: '+254700000001',
  ApiVersion: '2010-04-01',
});

export const vonageFields = (): Record<string, string> => ({
  msisdn: '447700900001',
  to: '447700900999',
  messageId: '0A0000000123ABCD1',
  text: 'Hello from the hills',
  type: 'text',
  keyword: 'HELLO',
  'api-key': 'abcd1234',
  'message-timestamp': '2026-11-21 09:29:58',
});

export const africasTalkingFields = (): Record<string, string> => ({
  from: '+254700000002',
  to: '21525',
  text: 'Alerte: enlèvement signalé',
  date: '2026-11-21T09:29:00.000Z',
  id: 'ATXid_0f0e0d0c0b0a09080706050403020100',
  linkId: 'SampleLinkId123',
  networkCode: '63902',
});

export const smsSyncFields = (): Record<string, string> => ({
  from: '+243810000003',
  message: 'Watu wenye silaha karibu na shule',
  message_id: 'c1a6f6a0-4c2b-4b8e-9f3a-0d5e8b2b7a11',
  sent_to: '+243990000000',
  secret: 'shared-secret',
  sent_timestamp: String(Date.UTC(2026, 10, 21, 9, 28, 0)),
  device_id: '1',
});

export const frontlineFields = (): Record<string, string> => ({
  secret: 'shared-secret',
  from: '+243810000004',
  message: 'Fire seen in the village',
});

export const genericBody = (): Record<string, unknown> => ({
  id: 'relay-000123',
  from: '+243810000005',
  to: '+243990000000',
  text: 'Checkpoint on the road to the camp',
  receivedAt: '2026-11-21T09:29:30Z',
});
