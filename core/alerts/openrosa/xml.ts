/**
 * A small, safe XML 1.0 reader for OpenRosa submissions (ODK Collect, KoboCollect, Enketo),
 * written by hand so that nothing in it can fetch, expand or recurse:
 *
 * - no DTD at all: `<!DOCTYPE`, `<!ENTITY` and any other `<!` declaration are refused, so there
 *   are no external entities (XXE) and no entity expansion (billion laughs);
 * - references: only the five predefined entities and numeric character references naming an
 *   XML Char; anything else is refused;
 * - limits on input size, element depth, node count, attributes per element, name length;
 * - one pass over the text, no backtracking regular expression on input, no recursion;
 * - UTF-8 only (the encoding declaration, when present, must say so).
 *
 * It reads elements, attributes, character data and CDATA; comments and processing
 * instructions are skipped. It is not a validating parser and resolves no namespaces: names
 * keep their prefix, and readers match on the local name. SECURITY REL-4 (size and depth limits,
 * every refusal a validation DomainError answered 400); OPENROSA-NOTES.md "stricter than
 * Central": XML that is not well-formed is refused, never stored.
 */
import { invalid } from '../../errors';

export interface XmlElement {
  /** The qualified name as written (`orx:meta`). */
  name: string;
  prefix: string | null;
  localName: string;
  attributes: ReadonlyMap<string, string>;
  children: XmlElement[];
  /** The element's own character data (text and CDATA between its children), entities decoded, not trimmed. */
  text: string;
}

/** REL-4: what one XML document may hold. An alert submission is a few kilobytes. */
export const XML_LIMITS = {
  maxChars: 1_000_000,
  maxDepth: 32,
  maxNodes: 10_000,
  maxAttributes: 32,
  maxNameChars: 128,
} as const;
export type XmlLimits = { [K in keyof typeof XML_LIMITS]: number };

/** Characters XML 1.0 never allows, even escaped; lone surrogates (broken UTF-16) too. */
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NAME_START = 'A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
/** A QName: an NCName, optionally a prefix and a colon before it. Linear: character classes only. */
// The XML NameChar ranges include combining marks and ZWNJ/ZWJ by the spec; matched one code unit at a time on purpose.
// eslint-disable-next-line no-misleading-character-class
const NAME = new RegExp(`[${NAME_START}:][${NAME_START}:0-9.\\-\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*`, 'y');
// eslint-disable-next-line no-misleading-character-class
const NCNAME = new RegExp(`^[${NAME_START}][${NAME_START}0-9.\\-\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*$`);
const WHITESPACE = /[ \t\r\n]/;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const isXmlCodePoint = (cp: number): boolean =>
  cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);

/** UTF-8 bytes to text for `readXml`: size checked first, invalid UTF-8 refused (no silent U+FFFD). */
export function decodeXmlBytes(bytes: Uint8Array, field = 'xml', maxBytes: number = XML_LIMITS.maxChars): string {
  if (bytes.length > maxBytes) throw invalid('xml.too_large', `The XML is ${bytes.length} bytes; at most ${maxBytes} are accepted.`, field);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw invalid('xml.encoding', 'The XML is not valid UTF-8.', field);
  }
}

class Reader {
  private i = 0;
  private nodes = 0;

  constructor(
    private readonly s: string,
    private readonly limits: XmlLimits,
    private readonly field: string,
  ) {}

  private fail(code: string, message: string): never {
    let line = 1;
    for (let k = 0; k < this.i && k < this.s.length; k++) if (this.s.charCodeAt(k) === 10) line++;
    throw invalid(`xml.${code}`, `${message} (line ${line}).`, this.field);
  }

  private count(n = 1): void {
    this.nodes += n;
    if (this.nodes > this.limits.maxNodes) this.fail('too_many_nodes', `The XML has more than ${this.limits.maxNodes} nodes`);
  }

  private startsWith(token: string): boolean {
    return this.s.startsWith(token, this.i);
  }

  private skipWhitespace(): void {
    while (this.i < this.s.length && WHITESPACE.test(this.s[this.i]!)) this.i++;
  }

  private readName(): { name: string; prefix: string | null; localName: string } {
    NAME.lastIndex = this.i;
    const match = NAME.exec(this.s);
    if (!match) this.fail('malformed', 'A name was expected');
    const name = match[0];
    if (name.length > this.limits.maxNameChars) this.fail('name_too_long', `A name is longer than ${this.limits.maxNameChars} characters`);
    const colon = name.indexOf(':');
    const prefix = colon === -1 ? null : name.slice(0, colon);
    const localName = colon === -1 ? name : name.slice(colon + 1);
    if ((prefix !== null && !NCNAME.test(prefix)) || !NCNAME.test(localName)) this.fail('malformed', `${name.slice(0, 40)} is not a valid name`);
    this.i += name.length;
    return { name, prefix, localName };
  }

  /** Character data with references decoded; `stop` ends it ('<' for text, the quote for attributes). */
  private decode(raw: string): string {
    if (!raw.includes('&')) return raw;
    let out = '';
    let from = 0;
    for (let amp = raw.indexOf('&'); amp !== -1; amp = raw.indexOf('&', from)) {
      out += raw.slice(from, amp);
      const semi = raw.indexOf(';', amp);
      const ref = semi === -1 || semi - amp > 12 ? null : raw.slice(amp + 1, semi);
      if (ref === null) this.fail('entity', 'A & must start a reference such as &amp; (and & itself be written &amp;)');
      let decoded: string | undefined;
      if (ref.startsWith('#')) {
        const cp = /^#[0-9]{1,7}$/.test(ref) ? Number(ref.slice(1)) : /^#x[0-9a-fA-F]{1,6}$/.test(ref) ? Number.parseInt(ref.slice(2), 16) : Number.NaN;
        if (isXmlCodePoint(cp)) decoded = String.fromCodePoint(cp);
      } else if (Object.hasOwn(PREDEFINED, ref)) decoded = PREDEFINED[ref];
      if (decoded === undefined) this.fail('entity', `&${ref.slice(0, 12)}; is not allowed: only &lt; &gt; &amp; &quot; &apos; and numeric references are`);
      out += decoded;
      from = semi + 1;
    }
    return out + raw.slice(from);
  }

  /** `<?...?>`: the XML declaration (only at the very start) or a processing instruction, skipped. */
  private skipProcessingInstruction(atStart: boolean): void {
    const end = this.s.indexOf('?>', this.i + 2);
    if (end === -1) this.fail('malformed', 'A processing instruction is not closed');
    const body = this.s.slice(this.i + 2, end);
    const target = /^[^\s?]*/.exec(body)![0];
    if (target.toLowerCase() === 'xml') {
      if (!atStart || target !== 'xml') this.fail('malformed', 'The XML declaration may only come first');
      const encoding = /\bencoding\s*=\s*["']([^"']*)["']/.exec(body);
      if (encoding && !/^utf-?8$/i.test(encoding[1]!)) this.fail('encoding', `The XML must be UTF-8, not ${encoding[1]!.slice(0, 20)}`);
      const version = /\bversion\s*=\s*["']([^"']*)["']/.exec(body);
      if (!version || version[1] !== '1.0') this.fail('malformed', 'The XML declaration must say version 1.0');
    } else this.count();
    this.i = end + 2;
  }

  /** Comments (skipped) and `<!` declarations (refused: no DTD, no entities). */
  private skipComment(): void {
    if (!this.startsWith('<!--')) {
      if (/^<!doctype/i.test(this.s.slice(this.i, this.i + 9))) this.fail('doctype', 'A DOCTYPE is not accepted: submissions carry no DTD');
      if (this.startsWith('<!ENTITY')) this.fail('doctype', 'Entity declarations are not accepted');
      this.fail('malformed', 'Markup declarations (<!...>) are not accepted');
    }
    const end = this.s.indexOf('-->', this.i + 4);
    if (end === -1) this.fail('malformed', 'A comment is not closed');
    if (this.s.slice(this.i + 4, end).includes('--')) this.fail('malformed', 'A comment must not contain --');
    this.count();
    this.i = end + 3;
  }

  /** Comments, processing instructions and whitespace before or after the root element. */
  private skipMisc(): void {
    for (;;) {
      this.skipWhitespace();
      if (this.startsWith('<?')) this.skipProcessingInstruction(false);
      else if (this.startsWith('<!')) this.skipComment();
      else return;
    }
  }

  private readStartTag(): { element: XmlElement; selfClosing: boolean } {
    this.i++; // '<'
    const { name, prefix, localName } = this.readName();
    const attributes = new Map<string, string>();
    for (;;) {
      const before = this.i;
      this.skipWhitespace();
      if (this.startsWith('/>')) {
        this.i += 2;
        return { element: { name, prefix, localName, attributes, children: [], text: '' }, selfClosing: true };
      }
      if (this.startsWith('>')) {
        this.i += 1;
        return { element: { name, prefix, localName, attributes, children: [], text: '' }, selfClosing: false };
      }
      if (this.i >= this.s.length) this.fail('malformed', `The tag <${name.slice(0, 40)}> is not closed`);
      if (this.i === before) this.fail('malformed', `Attributes of <${name.slice(0, 40)}> must be separated by spaces`);
      const attribute = this.readName().name;
      this.skipWhitespace();
      if (this.s[this.i] !== '=') this.fail('malformed', `The attribute ${attribute.slice(0, 40)} needs a value`);
      this.i++;
      this.skipWhitespace();
      const quote = this.s[this.i];
      if (quote !== '"' && quote !== "'") this.fail('malformed', `The value of ${attribute.slice(0, 40)} must be quoted`);
      const end = this.s.indexOf(quote, this.i + 1);
      if (end === -1) this.fail('malformed', `The value of ${attribute.slice(0, 40)} is not closed`);
      const raw = this.s.slice(this.i + 1, end);
      if (raw.includes('<')) this.fail('malformed', `The value of ${attribute.slice(0, 40)} must not contain <`);
      if (attributes.has(attribute)) this.fail('malformed', `The attribute ${attribute.slice(0, 40)} is repeated`);
      if (attributes.size >= this.limits.maxAttributes) this.fail('too_many_attributes', `An element has more than ${this.limits.maxAttributes} attributes`);
      this.count();
      // Attribute-value normalisation (XML 1.0 §3.3.3): literal whitespace becomes a space.
      attributes.set(attribute, this.decode(raw.replace(/[\t\r\n]/g, ' ')));
      this.i = end + 1;
    }
  }

  read(): XmlElement {
    const s = this.s;
    if (s.length > this.limits.maxChars) throw invalid('xml.too_large', `The XML is ${s.length} characters; at most ${this.limits.maxChars} are accepted.`, this.field);
    if (NOT_XML_CHAR.test(s)) {
      this.i = s.search(NOT_XML_CHAR);
      this.fail('character', 'The XML contains a character XML does not allow');
    }
    if (s.charCodeAt(0) === 0xfeff) this.i = 1;
    if (this.startsWith('<?xml') && (this.i + 5 >= s.length || WHITESPACE.test(s[this.i + 5]!) || s[this.i + 5] === '?')) this.skipProcessingInstruction(true);
    this.skipMisc();
    if (this.i >= s.length) this.fail('empty', 'The XML has no root element');
    if (s[this.i] !== '<' || this.startsWith('</')) this.fail('malformed', 'The root element was expected here');
    const stack: XmlElement[] = [];
    let root: XmlElement | null = null;
    while (root === null) {
      if (this.i >= s.length) this.fail('malformed', `<${stack.at(-1)?.name.slice(0, 40) ?? ''}> is not closed`);
      const top = stack.at(-1);
      if (s[this.i] !== '<') {
        const next = s.indexOf('<', this.i);
        const end = next === -1 ? s.length : next;
        this.count();
        top!.text += this.decode(s.slice(this.i, end));
        this.i = end;
      } else if (this.startsWith('</')) {
        this.i += 2;
        const { name } = this.readName();
        this.skipWhitespace();
        if (s[this.i] !== '>') this.fail('malformed', `The end tag </${name.slice(0, 40)}> is not closed`);
        if (top!.name !== name) this.fail('malformed', `</${name.slice(0, 40)}> does not close <${top!.name.slice(0, 40)}>`);
        this.i++;
        stack.pop();
        if (stack.length === 0) root = top!;
      } else if (this.startsWith('<![CDATA[')) {
        const end = s.indexOf(']]>', this.i + 9);
        if (end === -1) this.fail('malformed', 'A CDATA section is not closed');
        this.count();
        top!.text += s.slice(this.i + 9, end);
        this.i = end + 3;
      } else if (this.startsWith('<!')) this.skipComment();
      else if (this.startsWith('<?')) this.skipProcessingInstruction(false);
      else {
        if (stack.length >= this.limits.maxDepth) this.fail('too_deep', `Elements are nested more than ${this.limits.maxDepth} deep`);
        this.count();
        const { element, selfClosing } = this.readStartTag();
        if (top) top.children.push(element);
        if (selfClosing) {
          if (!top) root = element;
        } else stack.push(element);
      }
    }
    this.skipMisc();
    if (this.i < s.length) this.fail('malformed', 'Nothing may follow the root element but comments');
    return root;
  }
}

/**
 * The element tree of an XML document, or a validation DomainError (code `xml.*`, naming
 * `field`) for anything not well-formed, over a limit, or using a DTD or an unknown entity.
 */
export function readXml(text: string, options: { limits?: XmlLimits; field?: string } = {}): XmlElement {
  const field = options.field ?? 'xml';
  if (typeof text !== 'string') throw invalid('xml.malformed', 'The XML must be text.', field);
  return new Reader(text, options.limits ?? XML_LIMITS, field).read();
}

/** The direct children of `element` with this local name (any prefix). */
export const childrenNamed = (element: XmlElement, localName: string): XmlElement[] => element.children.filter((child) => child.localName === localName);
