/*
 * Take-away: copy one section, or the whole document, as plain text ready to
 * paste into WPS or Word; only on template and example pages (those with the
 * .takeaway-toolbar the build puts under the title). 【…】 are kept as they
 * are, or the reader's value where the draft script filled one in.
 */
import { addCopyButtons } from "../takeaway/buttons.js";
import { copyText } from "../takeaway/clipboard.js";
import { documentText, sectionText } from "../takeaway/extract.js";

/** @type {any} */ (window).takeaway = { sectionText, documentText, copyText };

const documents = /** @type {any} */ (window).document$;
if (documents && typeof documents.subscribe === "function") documents.subscribe(addCopyButtons);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", addCopyButtons);
else addCopyButtons();
