/**
 * XML names as a namespace-aware reader and the lab's writer both take them. Namespaces in XML 1.0
 * §3-4: an element or attribute name is a QName, `Prefix ':' LocalPart` or a LocalPart alone, each
 * an NCName (XML 1.0 §2.3 Name without ':'): a NameStartChar, then NameChars. So `lcs:00A` is a
 * well-formed XML 1.0 Name but no QName (its local part starts with a digit).
 */
const NAME_START =
  'A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
const NC_NAME_SOURCE = `[${NAME_START}][${NAME_CHAR}]*`;

/** A QName: one NCName, or two joined by one colon. */
export const QNAME = new RegExp(`^${NC_NAME_SOURCE}(?::${NC_NAME_SOURCE})?$`);
