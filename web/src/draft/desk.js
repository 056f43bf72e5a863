/* The draft page (#draft-app): the chosen sections in order, fill in, reorder, download, copy. */
import { PROFILE_NAMES } from "../rules.js";
import { profilePanel } from "../profile.js";
import { listen, store } from "./context.js";
import { el } from "./dom.js";
import { draftEntries, profileNamesUsed } from "./document.js";
import { deskLayout } from "./desk-layout.js";
import { wireActions } from "./desk-actions.js";
import { itemNode } from "./desk-items.js";
import { updateHeader } from "./header.js";
import { draftOf, profileOf, saveDraft } from "./state.js";

const EMPTY_TEXT = "草稿里还没有内容。打开任一模板或范文，在想要的小节标题旁点“加入草稿”，再回到这里。";

/**
 * @typedef {import("./desk-layout.js").DeskView & import("./desk-items.js").ItemHost & {
 *   render(): void, renderPanel(): void, showStatus(): void
 * }} Desk
 */

/**
 * Show and run the draft page.
 * @param {HTMLElement} app
 */
export function initDraftPage(app) {
  const desk = createDesk(deskLayout(app));
  wireActions(desk);
  listen((changed) => {
    if (changed === "*") {
      desk.render();
      return;
    }
    desk.list.querySelectorAll("input.draft-fill.is-profile").forEach((input) => {
      const field = /** @type {HTMLInputElement} */ (input);
      if (field.dataset.profile === changed && document.activeElement !== field) field.value = profileOf(store)[changed] || "";
    });
    desk.countUnfilled();
  }, desk.list);
  desk.render();
  app.dataset.ready = "true";
}

/**
 * The page's behaviour around its view.
 * @param {import("./desk-layout.js").DeskView} view
 * @returns {Desk}
 */
function createDesk(view) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let saveTimer;
  /** @type {Desk} */
  const desk = Object.assign({}, view, {
    persist(/** @type {boolean | undefined} */ now) {
      clearTimeout(saveTimer);
      const write = () => { saveTimer = undefined; saveDraft(store); desk.showStatus(); };
      if (now) write(); else saveTimer = setTimeout(write, 300);
    },
    showStatus() {
      if (!store.status.ok) view.message.textContent = store.status.error;
    },
    countUnfilled() { countUnfilled(view); },
    renderPanel() { renderPanel(view); },
    render() { render(desk); },
    changed() { desk.persist(true); desk.render(); },
    move(/** @type {number} */ index, /** @type {number} */ by) { move(desk, index, by); },
    remove(/** @type {number} */ index) {
      draftOf(store).items.splice(index, 1);
      desk.changed();
    },
  });
  window.addEventListener("pagehide", () => { if (saveTimer !== undefined) desk.persist(true); });
  return desk;
}

/**
 * The count line: sections and placeholders still empty.
 * @param {import("./desk-layout.js").DeskView} view
 */
function countUnfilled(view) {
  const fields = /** @type {HTMLInputElement[]} */ (Array.from(view.list.querySelectorAll("input.draft-fill")));
  const open = fields.filter((input) => !input.value.trim()).length;
  const items = draftOf(store).items.length;
  view.count.textContent = items ?
    "共 " + items + " 节；" + (open ? "还有 " + open + " 处【】待填写。" : "所有【】都已填写。") : "草稿是空的。";
  view.count.dataset.open = String(open);
}

/**
 * The profile panel for the names the draft uses.
 * @param {import("./desk-layout.js").DeskView} view
 */
function renderPanel(view) {
  const names = profileNamesUsed(draftOf(store), PROFILE_NAMES);
  view.panelSlot.textContent = "";
  view.panelSlot.appendChild(profilePanel(names, names.length ?
    "这些信息在草稿各处通用，填一次即可；只保存在本浏览器中。" : "草稿中没有需要填写的本单位信息。"));
}

/**
 * Move a section up (-1) or down (1), keeping the focus on the button.
 * @param {Desk} desk
 * @param {number} index
 * @param {number} by
 */
function move(desk, index, by) {
  const items = draftOf(store).items;
  const to = index + by;
  if (to < 0 || to >= items.length) return;
  items.splice(to, 0, items.splice(index, 1)[0]);
  desk.changed();
  const again = desk.list.children[to] && desk.list.children[to].querySelector(by < 0 ? ".draft-up" : ".draft-down");
  if (again instanceof HTMLButtonElement && !again.disabled) again.focus();
}

/**
 * Every section again, from the draft as it now stands.
 * @param {Desk} desk
 */
function render(desk) {
  const draft = draftOf(store);
  desk.titleInput.value = draft.title || "";
  desk.list.textContent = "";
  /** @type {Map<string, import("./document.js").Entry[]>} */
  const byItem = new Map();
  draftEntries(draft).forEach((entry) => {
    const list = byItem.get(entry.item.key) || [];
    list.push(entry);
    byItem.set(entry.item.key, list);
  });
  draft.items.forEach((item, index) => {
    desk.list.appendChild(itemNode(item, index, draft.items.length, byItem.get(item.key) || [], desk));
  });
  if (!draft.items.length) desk.list.appendChild(el("li", { className: "draft-empty", text: EMPTY_TEXT }));
  desk.renderPanel();
  desk.countUnfilled();
  updateHeader();
  desk.showStatus();
}
