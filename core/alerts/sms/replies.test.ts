import { describe, expect, it } from 'vitest';
import { buildFrontlineSmsReply, buildSmsReply, buildSmsSyncReply, buildTwimlReply, escapeXml } from './replies';

describe('gateway replies', () => {
  it('TwiML escapes every message', () => {
    expect(buildTwimlReply()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(buildTwimlReply(['Merci <3 & "à bientôt"'])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Merci &lt;3 &amp; &quot;à bientôt&quot;</Message></Response>',
    );
    expect(buildTwimlReply(['a', 'b'])).toContain('<Message>a</Message><Message>b</Message>');
    expect(escapeXml("x\u0000</Message><Redirect>'")).toBe('x&lt;/Message&gt;&lt;Redirect&gt;&apos;');
  });

  it('SMSSync: success, outgoing messages, failure', () => {
    expect(buildSmsSyncReply({ success: true })).toBe('{"payload":{"success":true,"error":null}}');
    expect(JSON.parse(buildSmsSyncReply({ success: true, secret: 's', messages: [{ to: '+243810000003', message: 'Asante', uuid: 'u1' }] }))).toEqual({
      payload: { success: true, error: null, task: 'send', secret: 's', messages: [{ to: '+243810000003', message: 'Asante', uuid: 'u1' }] },
    });
    expect(JSON.parse(buildSmsSyncReply({ success: false, error: 'try later' }))).toEqual({ payload: { success: false, error: 'try later' } });
  });

  it('FrontlineSMS and the others', () => {
    expect(buildFrontlineSmsReply()).toBe('{"payload":{"success":true}}');
    expect(buildSmsReply('vonage')).toEqual({ status: 200, contentType: 'text/plain; charset=utf-8', body: '' });
    expect(buildSmsReply('africas_talking').body).toBe('');
    expect(buildSmsReply('generic').body).toBe('{"accepted":true}');
    expect(buildSmsReply('twilio', { messages: [{ to: 'x', message: 'Received', uuid: '1' }] }).body).toContain('<Message>Received</Message>');
    expect(buildSmsReply('frontline_sms').contentType).toBe('application/json; charset=utf-8');
  });
});
