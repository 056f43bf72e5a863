/* The header link "我的草稿 (n)". */
import { store } from "./context.js";
import { draftOf } from "./state.js";

/** Put the link beside the search box and show the number of sections. */
export function updateHeader() {
  const link = document.querySelector(".draft-header-link");
  if (!(link instanceof HTMLElement)) return;
  const inner = document.querySelector(".md-header__inner");
  if (inner && link.parentNode !== inner) inner.insertBefore(link, inner.querySelector("label[for='__search']"));
  link.hidden = false;
  const count = link.querySelector(".draft-count");
  if (count) count.textContent = "(" + draftOf(store).items.length + ")";
}
