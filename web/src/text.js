/* Plain text and XML text: invisible characters, values typed by the reader, escaping. */
import { INVISIBLE_RE } from "./rules.js";

/* Characters XML 1.0 does not allow (C0 controls but tab/newline, U+FFFE/U+FFFF) and lone surrogates. */
const XML_BAD_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const LINE_BREAK_RE = /\r\n?|[\u2028\u2029]/g;
export const XML_LINE_BREAK = '</w:t><w:br/><w:t xml:space="preserve">';

/**
 * Text without zero-width and other invisible formatting characters.
 * @param {string} text
 */
export function dropInvisible(text) {
  return text.replace(INVISIBLE_RE, "");
}

/**
 * A value as typed, made safe for any text: one kind of line break, no character XML refuses, nothing invisible.
 * @param {unknown} value
 */
export function cleanValue(value) {
  return dropInvisible(String(value == null ? "" : value).replace(LINE_BREAK_RE, "\n").replace(XML_BAD_RE, ""));
}

/**
 * Text escaped for XML element content.
 * @param {unknown} text
 */
export function escapeXml(text) {
  return cleanValue(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A value inside its own <w:t xml:space="preserve">: escaped; a newline becomes a line break in the run.
 * @param {unknown} value
 */
export function xmlValue(value) {
  return escapeXml(value).split("\n").join(XML_LINE_BREAK);
}

/**
 * XML text content back to text (&amp; &lt; &gt; &quot; &apos; and numeric references).
 * @param {string} xml
 */
export function unescapeXml(xml) {
  /** @type {Record<string, string>} */
  const named = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  return xml.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, ref) => {
    if (ref[0] !== "#") return named[ref];
    const code = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0x10ffff ? whole : String.fromCodePoint(code);
  });
}
