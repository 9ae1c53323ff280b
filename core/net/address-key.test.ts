import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveAddressKey, formatIpv6Groups, parseIpv6Groups } from './address-key';

describe('deriveAddressKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:CB00:7107', '203.0.113.7'],
    ['0:0:0:0:0:ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8::/64'],
    ['2001:db8:0:0:1::', '2001:db8::/64'],
    ['2001:0:0:1:a:b:c:d', '2001:0:0:1::/64'],
    ['2001:db8:0:1:2:3:4:5', '2001:db8:0:1::/64'],
    ['fe80::1%eth0', 'fe80::/64'],
    ['FE80::abcd:1%25Wi-Fi', 'fe80::/64'],
    ['[2001:db8:1:2::9]', '2001:db8:1:2::/64'],
    ['::1', '::/64'],
    ['::', '::/64'],
    ['64:ff9b::192.0.2.33', '64:ff9b::/64'],
  ])('%s → %s', (address, key) => {
    expect(deriveAddressKey(address)).toBe(key);
  });

  it('keeps text that is no IP address apart, lower-cased', () => {
    expect(deriveAddressKey('2001:db8:::1')).toBe('2001:db8:::1');
    expect(deriveAddressKey('1:2:3:4:5:6:7:8:9')).toBe('1:2:3:4:5:6:7:8:9');
    expect(deriveAddressKey('::ffff:1.2.3.256')).toBe('::ffff:1.2.3.256');
    expect(deriveAddressKey('Unknown')).toBe('unknown');
    expect(deriveAddressKey('')).toBe('');
  });

  it('gives an IPv4 address and an IPv6 prefix different keys', () => {
    expect(deriveAddressKey('::ffff:0.0.0.1')).not.toBe(deriveAddressKey('::1'));
  });
});

describe('parseIpv6Groups and formatIpv6Groups', () => {
  it('refuses malformed addresses', () => {
    for (const text of ['', ':', ':1::', '1::2::3', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '12345::', 'g::', '1.2.3.4::', '::1.2.3', '1::2:3:4:5:6:7:8'])
      expect(parseIpv6Groups(text), text).toBeNull();
  });

  it('writes RFC 5952 text: the first longest run of zeros compressed, a single zero kept', () => {
    expect(formatIpv6Groups([0x2001, 0xdb8, 0, 1, 0, 0, 0, 1])).toBe('2001:db8:0:1::1');
    expect(formatIpv6Groups([0x2001, 0, 0, 1, 0, 0, 1, 1])).toBe('2001::1:0:0:1:1');
    expect(formatIpv6Groups([1, 0, 2, 3, 4, 5, 6, 7])).toBe('1:0:2:3:4:5:6:7');
    expect(formatIpv6Groups([0, 0, 0, 0, 0, 0, 0, 0])).toBe('::');
  });
});

// Properties over random addresses written in every legal way.
const group = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
const groups = fc.array(group, { minLength: 8, maxLength: 8 });
const isMapped = (g: readonly number[]) => g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;

/** One of the many spellings of `g`: any zero run compressed, padding, case, dotted tail, zone id. */
const spelling = (g: readonly number[]) =>
  fc.record({ run: fc.nat(), pad: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), upper: fc.boolean(), dotted: fc.boolean(), zone: fc.option(fc.constantFrom('%eth0', '%1', '%en0')) }).map(({ run, pad, upper, dotted, zone }) => {
    let parts: string[] = g.map((x, i) => (pad[i] ? x.toString(16).padStart(4, '0') : x.toString(16)));
    if (dotted) parts = [...parts.slice(0, 6), [g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255].join('.')];
    const runs: [number, number][] = [];
    for (let i = 0; i < 6; i++) for (let j = i + 1; j <= 6 && g[j - 1] === 0; j++) runs.push([i, j]);
    let text = parts.join(':');
    if (runs.length > 0 && run % 2 === 0) {
      const [start, end] = runs[run % runs.length]!;
      text = `${parts.slice(0, start).join(':')}::${parts.slice(end).join(':')}`;
    }
    if (upper) text = text.toUpperCase();
    return text + (zone ?? '');
  });

/** The /64 prefix as WHATWG URL writes an IPv6 host: an oracle independent of the code under test. */
const oracle = (g: readonly number[]) => `${new URL(`http://[${[...g.slice(0, 4), 0, 0, 0, 0].map((x) => x.toString(16)).join(':')}]/`).hostname.slice(1, -1)}/64`;

describe('deriveAddressKey properties', () => {
  it('reads every spelling of an address as the same groups', () => {
    fc.assert(fc.property(groups.chain((g) => fc.tuple(fc.constant(g), spelling(g))), ([g, text]) => {
      expect(parseIpv6Groups(text.toLowerCase().replace(/%.*$/, ''))).toEqual(g);
    }));
  });

  it('gives two addresses with the same first 64 bits the same key, the canonical /64', () => {
    // The second address keeps the first 64 bits and draws the rest (an IPv4-mapped result is keyed as IPv4: skipped).
    const pair = fc.tuple(groups, fc.array(group, { minLength: 4, maxLength: 4 }))
      .map(([a, tail]) => [a, [...a.slice(0, 4), ...tail]] as const)
      .filter(([a, b]) => !isMapped(a) && !isMapped(b))
      .chain(([a, b]) => fc.tuple(fc.constant(a), spelling(a), spelling(b)));
    fc.assert(fc.property(pair, ([a, one, two]) => {
      expect(deriveAddressKey(one)).toBe(oracle(a));
      expect(deriveAddressKey(two)).toBe(deriveAddressKey(one));
    }));
  });

  it('gives addresses whose first 64 bits differ different keys', () => {
    const pair = fc.tuple(groups, groups).filter(([a, b]) => a.slice(0, 4).join() !== b.slice(0, 4).join() && !isMapped(a) && !isMapped(b));
    fc.assert(fc.property(pair.chain(([a, b]) => fc.tuple(spelling(a), spelling(b))), ([one, two]) => {
      expect(deriveAddressKey(one)).not.toBe(deriveAddressKey(two));
    }));
  });

  it('gives an IPv4-mapped address the key of its IPv4 address', () => {
    const ipv4 = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 });
    fc.assert(fc.property(ipv4.chain((b) => fc.tuple(fc.constant(b), spelling([0, 0, 0, 0, 0, 0xffff, (b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!]))), ([bytes, text]) => {
      expect(deriveAddressKey(text)).toBe(bytes.join('.'));
      expect(deriveAddressKey(bytes.join('.'))).toBe(bytes.join('.'));
    }));
  });
});
