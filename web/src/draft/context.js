/* What every piece of the draft shares on a page: the store and profile-change listeners. */
import { createStore } from "../storage.js";

/** The page's store over localStorage. */
export const store = createStore(() => window.localStorage);

/** @type {((changed: string) => void)[]} */
let listeners = [];

/**
 * Call fn on every change ("*": everything, "": the draft, else a profile name) while node is on the page.
 * @param {(changed: string) => void} fn
 * @param {Node} [node]
 */
export function listen(fn, node) {
  /** @param {string} changed */
  const wrapped = (changed) => {
    if (node && !node.isConnected) {
      listeners = listeners.filter((other) => other !== wrapped);
      return;
    }
    fn(changed);
  };
  listeners.push(wrapped);
}

/** @param {string} changed */
export function notify(changed) {
  listeners.slice().forEach((fn) => fn(changed));
}
