/* The panel "填写本单位信息": one field per profile placeholder, shared by every page. */
import { PROFILE_NAMES } from "./rules.js";
import { listen, notify, store } from "./draft/context.js";
import { button, confirmTwice, el } from "./draft/dom.js";
import { updateHeader } from "./draft/header.js";
import { forgetAll, profileOf, setProfileValue } from "./draft/state.js";

/** @type {Readonly<Record<string, string>>} */
export const PROFILE_HINTS = {
  "单位名称": "单位全称，如“××市××小学”", "上级工会": "如“区教育工会”", "年份": "如 2027",
  "下一年份": "如 2028", "姓名": "本人姓名", "职务": "如“工会小组长”", "岗位": "所在部门和岗位",
};
const CLEAR_LABEL = "清除本机保存的信息";

/**
 * Set a profile value and tell every field.
 * @param {string} name
 * @param {string} value
 */
export function setProfile(name, value) {
  setProfileValue(store, name, value);
  notify(name);
}

/** The storage status line: empty and hidden while storage works. */
export function statusLine() {
  const line = el("p", { className: "draft-status", role: "status", "aria-live": "polite" });
  const refresh = () => {
    line.textContent = store.status.ok ? "" : store.status.error;
    line.hidden = store.status.ok;
  };
  refresh();
  listen(refresh, line);
  return line;
}

/**
 * One labelled profile field, kept up to date with changes made elsewhere.
 * @param {string} name
 */
function profileField(name) {
  const input = /** @type {HTMLInputElement} */ (el("input", { type: "text", name, autocomplete: "off",
    placeholder: PROFILE_HINTS[name] || "", "data-profile": name }));
  input.value = profileOf(store)[name] || "";
  input.addEventListener("input", () => setProfile(name, input.value));
  listen((changed) => {
    if (changed === "*" || (changed === name && document.activeElement !== input)) input.value = profileOf(store)[name] || "";
  }, input);
  return el("label", { className: "draft-field" }, [el("span", { text: name }), input]);
}

/** The button that forgets the profile and the draft (asks twice). */
function clearButton() {
  const clear = button("draft-button draft-clear", CLEAR_LABEL, { title: "删除本浏览器保存的本单位信息和草稿" });
  confirmTwice(clear, CLEAR_LABEL, "再点一次，确认清除单位信息和草稿", () => {
    forgetAll(store);
    clear.textContent = "已清除本机保存的信息";
    notify("*");
    updateHeader();
  });
  return clear;
}

/**
 * The panel with fields for these names.
 * @param {string[]} names
 * @param {string} note
 */
export function profilePanel(names, note) {
  const panel = el("div", { className: "draft-panel", role: "region", "aria-label": "填写本单位信息",
    "data-search-exclude": "" });
  panel.appendChild(el("p", { className: "draft-panel__title", text: "填写本单位信息" }));
  panel.appendChild(el("p", { className: "draft-panel__note", text: note }));
  panel.appendChild(el("div", { className: "draft-panel__fields" }, names.map(profileField)));
  panel.appendChild(el("div", { className: "draft-panel__actions" }, [clearButton()]));
  panel.appendChild(statusLine());
  return panel;
}

/**
 * Names in the profile's order.
 * @param {Iterable<string>} names
 */
export function inProfileOrder(names) {
  const set = new Set(names);
  return PROFILE_NAMES.filter((name) => set.has(name));
}
