/**
 * The key a client address is rate-limited under. An IPv6 host is usually given a whole /64
 * (SLAAC, privacy addresses), so counting each address alone would give one host 2^64
 * budgets: IPv6 addresses are counted per /64 prefix. IPv4 addresses, and IPv6 addresses that
 * only carry one (::ffff:a.b.c.d), are counted alone, as the IPv4 address.
 *
 * Pure string work, no Node built-in: core/ runs in the browser too.
 */

const GROUPS = 8;
const PREFIX_GROUPS = 4;

/** a.b.c.d with each part a decimal 0-255 without leading zeros, as two 16-bit groups; null otherwise. */
function parseDottedQuad(text: string): [number, number] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes.push(value);
  }
  const [a, b, c, d] = bytes as [number, number, number, number];
  return [(a << 8) | b, (c << 8) | d];
}

/** Groups of hexadecimal, with an optional dotted IPv4 last (two groups); null if one is malformed. */
function parseGroups(text: string, allowDottedTail: boolean): number[] | null {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (allowDottedTail && i === parts.length - 1 && part.includes('.')) {
      const quad = parseDottedQuad(part);
      if (!quad) return null;
      groups.push(...quad);
    } else if (/^[0-9a-f]{1,4}$/.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return null;
    }
  }
  return groups;
}

/**
 * The eight 16-bit groups of an IPv6 address (lower case, without zone id), `::` expanded;
 * null if it is not one.
 */
export function parseIpv6Groups(address: string): number[] | null {
  const halves = address.split('::');
  if (halves.length > 2) return null;
  if (halves.length === 1) {
    const groups = parseGroups(address, true);
    return groups && groups.length === GROUPS ? groups : null;
  }
  const head = parseGroups(halves[0]!, false);
  const tail = parseGroups(halves[1]!, true);
  // `::` stands for at least one zero group.
  if (!head || !tail || head.length + tail.length > GROUPS - 1) return null;
  return [...head, ...new Array<number>(GROUPS - head.length - tail.length).fill(0), ...tail];
}

/** RFC 5952 text of eight groups: lower case, no leading zeros, the longest run (≥ 2) of zero groups as `::`. */
export function formatIpv6Groups(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestLength < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

const isIpv4Mapped = (groups: readonly number[]) => groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;

/**
 * The rate-limit key of a client address: an IPv4 address as it is; an IPv4-mapped IPv6
 * address (::ffff:1.2.3.4) as its IPv4 address; any other IPv6 address as its /64 prefix in
 * canonical form (`2001:db8:1:2::/64`), whatever its spelling, case or zone id. Text that is
 * no IP address is returned lower-cased, so it is still counted, alone.
 */
export function deriveAddressKey(address: string): string {
  let text = address.trim().toLowerCase();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  if (!text.includes(':')) return text;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const groups = parseIpv6Groups(text);
  if (!groups) return address.trim().toLowerCase();
  if (isIpv4Mapped(groups)) return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.');
  return `${formatIpv6Groups([...groups.slice(0, PREFIX_GROUPS), 0, 0, 0, 0])}/64`;
}
