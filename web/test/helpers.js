// Shared test helpers: a fake localStorage and small block builders.

/**
 * A localStorage stand-in: a Map, with switches for a full or refused storage.
 * @param {Record<string, string>} [initial]
 */
export function fakeStorage(initial = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    full: false,
    getItem(key) { return items.has(key) ? items.get(key) : null; },
    setItem(key, value) {
      if (this.full) {
        const error = new Error("Setting the value exceeded the quota.");
        error.name = "QuotaExceededError";
        throw error;
      }
      items.set(key, String(value));
    },
    removeItem(key) { items.delete(key); },
  };
}

const SLOT_RE = /【[^【】<>\n]{1,40}】/g;
const RUN = '<w:r><w:t xml:space="preserve">';
const END = "</w:t></w:r>";

/** A block with its slots cut the way the build writes them: each slot in a run of its own. */
export function paragraph(text, { section = "", kind = "paragraph", level } = {}) {
  const slots = text.match(SLOT_RE) || [];
  const pieces = text.split(SLOT_RE);
  const xml = pieces.map((piece, i) => (i === 0 ? "<w:p>" : END) + RUN + piece + END +
    (i < pieces.length - 1 ? RUN : "</w:p>"));
  const block = { kind, section, text, xml, slots };
  if (level) block.level = level;
  return block;
}

export function heading(level, text, section = "") {
  return paragraph(text, { kind: "heading", level, section });
}

/** The text of WordprocessingML: <w:t> contents, <w:br/> as a newline. */
export function wordText(xml) {
  return xml.replace(/<w:br\/>/g, "\n").replace(/<w:t[^>]*>([^<]*)<\/w:t>/g, "$1").replace(/<[^>]+>/g, "");
}

export const BASE = {
  parts: { "docProps/core.xml": "<cp:coreProperties><dc:title/><dcterms:created xsi:type=\"dcterms:W3CDTF\">2020-01-01T00:00:00Z</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">2020-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>",
    "word/styles.xml": "<w:styles/>", "docProps/thumbnail.jpeg": { b64: "AAEC" } },
  head: "<w:document><w:body>",
  tail: "<w:sectPr/></w:body></w:document>",
  title: ['<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t xml:space="preserve">', "</w:t></w:r></w:p>"],
  headings: Object.fromEntries([1, 2, 3, 4].map((level) =>
    [String(level), [`<w:p><w:pPr><w:pStyle w:val="Heading${level}"/></w:pPr><w:r><w:t xml:space="preserve">`, "</w:t></w:r></w:p>"]])),
};
