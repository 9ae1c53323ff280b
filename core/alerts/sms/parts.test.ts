import { describe, expect, it } from 'vitest';
import { thrownDomainError } from '../../domain-error.testing';
import { fallbackDedupeKey, joinSmsParts } from './parts';
import { normaliseSmsSyncSms } from './smssync';
import { context, vonageFields } from './test-payloads';
import { normaliseVonageSms } from './vonage';

const fragment = (part: number, text: string, id = `0A00000000000${part}`) =>
  normaliseVonageSms({ ...vonageFields(), messageId: id, text, concat: 'true', 'concat-ref': '77', 'concat-total': '3', 'concat-part': String(part) }, context);

describe('joinSmsParts', () => {
  it('waits for every fragment, then joins them in order, once each', () => {
    expect(joinSmsParts([fragment(3, 'c'), fragment(1, 'a')])).toBeNull();
    const whole = joinSmsParts([fragment(3, 'c'), fragment(1, 'a'), fragment(1, 'a'), fragment(2, 'b')]);
    expect(whole).toMatchObject({ text: 'abc', providerMessageId: '0A000000000001', extras: { concatReference: '77', partIds: '0A000000000001,0A000000000002,0A000000000003' } });
    expect(whole!.parts).toBeUndefined();
  });

  it('refuses fragments of different messages and over-long results', () => {
    const other = normaliseVonageSms({ ...vonageFields(), concat: 'true', 'concat-ref': '78', 'concat-total': '3', 'concat-part': '2' }, context);
    expect(thrownDomainError(() => joinSmsParts([fragment(1, 'a'), other])).code).toBe('sms.parts_invalid');
    expect(thrownDomainError(() => joinSmsParts([])).code).toBe('sms.parts_invalid');
    const long = 'x'.repeat(2_000);
    expect(thrownDomainError(() => joinSmsParts([fragment(1, long), fragment(2, long), fragment(3, long)])).code).toBe('sms.text_too_long');
  });
});

describe('fallbackDedupeKey', () => {
  it('uses the gateway id when there is one, else sender, gateway time and text, else nothing', () => {
    expect(fallbackDedupeKey(fragment(1, 'a'))).toBe('vonage\u0000id\u00000A000000000001');
    const timed = normaliseSmsSyncSms({ from: '+243810000003', message: 'hi', sent_timestamp: '1763717280000' }, context);
    expect(fallbackDedupeKey(timed)).toBe(['smssync', 'content', '+243810000003', timed.receivedAt, 'hi'].join('\u0000'));
    expect(fallbackDedupeKey(normaliseSmsSyncSms({ from: '+243810000003', message: 'hi' }, context))).toBeNull();
  });
});
