/* Which pages are documents (templates and examples): page_types of the rules. */
import { PAGE_KINDS, PAGE_TYPE_RE } from "./rules.js";

/**
 * "example" or "template" for a document page (examples/<unit>/<name>.md …); null for any other page.
 * @param {string} srcUri
 * @returns {string | null}
 */
export function pageKind(srcUri) {
  const found = PAGE_TYPE_RE.exec(srcUri);
  return found ? PAGE_KINDS[found[1]] : null;
}
