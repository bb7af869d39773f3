/**
 * XML character data: escaping for the encoder, and resolution of the five predefined entities
 * and character references for the decoder. The parser runs with `processEntities: false`
 * (DESIGN §10: no entity expansion), so references reach us raw; any other `&name;` would need a
 * DOCTYPE declaration, which the decoder refuses, so it is an error here.
 */

const PREDEFINED: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

/** XML 1.0 §2.2 Char production. */
export function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

/** The first character of `text` that XML 1.0 cannot carry (even escaped), or undefined. */
export function firstNonXmlChar(text: string): number | undefined {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (!isXmlChar(cp)) return cp;
  }
  return undefined;
}

/**
 * Escapes character data or an attribute value. CR, LF and TAB are written as character
 * references so that end-of-line and attribute-value normalisation (XML 1.0 §2.11, §3.3.3) cannot
 * change them on the way back.
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r\n\t]/g, (ch) => {
    switch (ch) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return `&#${ch.charCodeAt(0)};`;
    }
  });
}

/** Text escaping keeps LF and TAB literal (they survive parsing of element content). */
export function escapeXmlText(text: string): string {
  return text.replace(/[&<>\r]/g, (ch) => {
    switch (ch) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      default:
        return '&#13;';
    }
  });
}

export class XmlReferenceError extends Error {
  override readonly name = 'XmlReferenceError';
}

/**
 * Resolves `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and `&#N;` / `&#xH;`.
 * Throws XmlReferenceError for any other entity, a bare `&`, or a reference to a non-XML char.
 */
export function resolveReferences(raw: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const amp = raw.indexOf('&', i);
    if (amp === -1) return out + raw.slice(i);
    out += raw.slice(i, amp);
    // A name longer than 11 characters is taken for a bare '&' (the longest valid one, `#1114111`, has 8).
    const semi = raw.indexOf(';', amp);
    if (semi === -1 || semi - amp > 12) throw new XmlReferenceError(`bare '&' at offset ${amp}`);
    out += resolveOne(raw.slice(amp + 1, semi));
    i = semi + 1;
  }
}

function resolveOne(body: string): string {
  if (Object.hasOwn(PREDEFINED, body)) return PREDEFINED[body]!;
  let codePoint: number;
  if (/^#[0-9]{1,7}$/.test(body)) codePoint = Number.parseInt(body.slice(1), 10);
  else if (/^#x[0-9a-fA-F]{1,6}$/.test(body)) codePoint = Number.parseInt(body.slice(2), 16);
  else throw new XmlReferenceError(`undeclared entity '&${body};' (entities are not expanded)`);
  if (!isXmlChar(codePoint))
    throw new XmlReferenceError(`character reference '&${body};' is not an XML char`);
  return String.fromCodePoint(codePoint);
}
