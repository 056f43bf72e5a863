/* Text on the draft page with each placeholder as an input field. */
import { isProfileName, nameOf } from "../placeholders.js";
import { placeholderRe } from "../rules.js";
import { setProfile } from "../profile.js";
import { store } from "./context.js";
import { el } from "./dom.js";
import { profileOf } from "./state.js";

/**
 * @typedef {object} FieldHost what the fields tell when they change
 * @property {(now?: boolean) => void} persist save the draft (soon, or now)
 * @property {() => void} countUnfilled update the count line
 */

/**
 * An input field for one placeholder.
 * @param {string} name
 * @param {string | undefined} value
 * @param {(value: string) => void} onInput
 * @param {FieldHost} host
 * @param {string} [profileName] set for a profile placeholder
 */
function fillInput(name, value, onInput, host, profileName) {
  const input = /** @type {HTMLInputElement} */ (el("input", { type: "text",
    className: "draft-fill" + (profileName ? " is-profile" : ""), "aria-label": name, placeholder: name,
    size: String(Math.max(4, Math.min(24, name.length * 2 + 2))) }));
  input.value = value || "";
  if (profileName) input.dataset.profile = profileName;
  input.addEventListener("input", () => {
    onInput(input.value);
    host.countUnfilled();
  });
  return input;
}

/**
 * Plain text into parent, a newline as a line break.
 * @param {Node} parent
 * @param {string} text
 */
function appendLines(parent, text) {
  text.split("\n").forEach((line, i) => {
    if (i) parent.appendChild(el("br"));
    if (line) parent.appendChild(document.createTextNode(line));
  });
}

/**
 * Text into parent with each placeholder as a field; occurrences numbered from start.
 * @param {Node} parent
 * @param {string} text
 * @param {import("./format.js").Item} item
 * @param {number} start
 * @param {FieldHost} host
 */
export function textWithFields(parent, text, item, start, host) {
  let occurrence = start;
  let last = 0;
  const re = placeholderRe();
  for (let found = re.exec(text); found; found = re.exec(text)) {
    appendLines(parent, text.slice(last, found.index));
    last = found.index + found[0].length;
    parent.appendChild(placeholderField(nameOf(found[0]), occurrence++, item, host));
  }
  appendLines(parent, text.slice(last));
}

/**
 * The field of one placeholder: a profile value (shared) or the item's own.
 * @param {string} name
 * @param {number} occurrence
 * @param {import("./format.js").Item} item
 * @param {FieldHost} host
 */
function placeholderField(name, occurrence, item, host) {
  if (isProfileName(name)) return fillInput(name, profileOf(store)[name], (value) => setProfile(name, value), host, name);
  return fillInput(name, item.fills[occurrence], (value) => {
    if (value) item.fills[occurrence] = value; else delete item.fills[occurrence];
    host.persist();
  }, host);
}
