/*
 * 我的草稿: fill in the unit's details once, put sections of several pages
 * together, download one official Word document. Everything stays in this
 * browser (localStorage); nothing is sent anywhere; works from file://.
 * Word documents are put together from the WordprocessingML the build wrote
 * (export/fragments.py: draft-base.js and <page>.draft.js), zipped with the
 * vendored fflate.
 */
import { chineseNumeral, numberFor, renumber, stripNumber } from "../numbering.js";
import { fillText } from "../placeholders.js";
import { xmlValue } from "../text.js";
import { notify, store } from "../draft/context.js";
import { initDraftPage } from "../draft/desk.js";
import { draftPlainText } from "../draft/document.js";
import { DRAFT_KEY, OLD_DRAFT_KEY, PROFILE_KEY } from "../draft/format.js";
import { updateHeader } from "../draft/header.js";
import { initPage } from "../draft/page.js";
import { draftOf, profileOf } from "../draft/state.js";

/** Set up the page just shown (Material's instant navigation calls it again). */
function init() {
  const article = document.querySelector("article.md-content__inner");
  updateHeader();
  if (!article) return;
  const app = article.querySelector("#draft-app");
  if (app instanceof HTMLElement) {
    initDraftPage(app);
    return;
  }
  const toolbar = article.querySelector(".takeaway-toolbar");
  if (toolbar && !article.querySelector(".draft-panel")) initPage(article, toolbar);
}

/* Another tab changed the profile or the draft: show it here. */
window.addEventListener("storage", (event) => {
  if (event.key !== null && ![PROFILE_KEY, DRAFT_KEY, OLD_DRAFT_KEY].includes(event.key)) return;
  store.invalidate(PROFILE_KEY);
  if (event.key !== PROFILE_KEY) {
    store.invalidate(DRAFT_KEY, OLD_DRAFT_KEY);
    const app = document.getElementById("draft-app");
    if (app) {
      initDraftPage(app);
      return;
    }
  }
  notify("*");
  updateHeader();
});

/** @type {any} */ (window).draft = {
  renumber, stripNumber, numberFor, chineseNumber: chineseNumeral, fillText, xmlValue,
  plainText: () => draftPlainText(draftOf(store), profileOf(store)),
  storage: store.status,
};

const documents = /** @type {any} */ (window).document$;
if (documents && typeof documents.subscribe === "function") documents.subscribe(init);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
