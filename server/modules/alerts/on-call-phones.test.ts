/** On-call numbers kept by id (pure rules); HTTP in response-settings.test.ts. */
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../../core/errors';
import { mergeOnCallPhones, parseOnCallPhones, presentOnCallPhones, serialiseOnCallPhones } from './on-call-phones';

const A = { id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', phone: '+15550100401' };
const B = { id: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', phone: '+15550100402' };
let n = 0;
const newId = () => `cccccccc-cccc-4ccc-8ccc-${String(++n).padStart(12, '0')}`;

describe('on-call numbers', () => {
  it('read lists with ids, lists of plain numbers by place, and nothing else', () => {
    expect(parseOnCallPhones(serialiseOnCallPhones([A, B]))).toEqual([A, B]);
    const legacy = parseOnCallPhones(JSON.stringify(['+15550100401', '+15550100402']));
    expect(legacy.map((p) => p.phone)).toEqual(['+15550100401', '+15550100402']);
    expect(legacy[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(parseOnCallPhones(JSON.stringify(['+15550100401', '+15550100402']))).toEqual(legacy);
    expect(parseOnCallPhones(null)).toEqual([]);
    expect(parseOnCallPhones('{"x":1}')).toEqual([]);
    expect(parseOnCallPhones(JSON.stringify([1, { id: 2 }, A]))).toEqual([A]);
  });

  it('show numbers masked, never in full', () => {
    expect(presentOnCallPhones([A])).toEqual([{ id: A.id, masked: '+155••••••01' }]);
  });

  it('keep by id, add new numbers, drop the rest and duplicates', () => {
    const merged = mergeOnCallPhones([A, B], [{ id: B.id }, '+15550100403', '+15550100403', { id: B.id }, '+15550100402'], newId);
    expect(merged.list.map((p) => p.phone)).toEqual(['+15550100402', '+15550100403']);
    expect(merged.list[0]).toEqual(B);
    expect(merged).toMatchObject({ kept: 1, added: 1 });
    // A number typed again keeps its id.
    expect(mergeOnCallPhones([A], ['+15550100401'], newId)).toEqual({ list: [A], kept: 1, added: 0 });
    expect(mergeOnCallPhones([A, B], [], newId)).toEqual({ list: [], kept: 0, added: 0 });
  });

  it('refuse an id no longer set, naming its place', () => {
    try {
      mergeOnCallPhones([A], [{ id: A.id }, { id: B.id }], newId);
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error) && { category: error.category, code: error.code, field: error.field }).toEqual({ category: 'conflict', code: 'alerts.on_call_phone_gone', field: 'onCallPhones.1' });
    }
  });
});
