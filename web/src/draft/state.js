/* The reader's profile and draft in a store, read once per page (a v1 draft is migrated on the way). */
import { DRAFT_KEY, OLD_DRAFT_KEY, PROFILE_KEY, checkDraft, migrateDraft } from "./format.js";

/** @typedef {import("../storage.js").Store} Store */
/** @typedef {import("./format.js").Draft} Draft */

/** @type {WeakSet<object>} drafts already checked (the store keeps one object per key) */
const checked = new WeakSet();

/**
 * The profile: placeholder name -> value.
 * @param {Store} store
 * @returns {Record<string, string>}
 */
export function profileOf(store) {
  const value = store.load(PROFILE_KEY, {});
  return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}

/**
 * Set or clear one profile value.
 * @param {Store} store
 * @param {string} name
 * @param {string} value
 */
export function setProfileValue(store, name, value) {
  const next = Object.assign({}, profileOf(store));
  if (value) next[name] = value; else delete next[name];
  store.save(PROFILE_KEY, next);
}

/**
 * The draft (checked once; a stored version-1 draft becomes version 2, is saved, then removed).
 * @param {Store} store
 * @returns {Draft}
 */
export function draftOf(store) {
  const stored = store.load(DRAFT_KEY, null);
  if (stored && checked.has(stored)) return stored;
  let draft;
  if (stored) {
    draft = checkDraft(stored);
    store.keep(DRAFT_KEY, draft);
  } else {
    const old = store.load(OLD_DRAFT_KEY, null);
    draft = migrateDraft(old);
    if (old) {
      if (store.save(DRAFT_KEY, draft)) store.remove(OLD_DRAFT_KEY);
    } else {
      store.keep(DRAFT_KEY, draft);
    }
  }
  checked.add(draft);
  return draft;
}

/**
 * Write the draft.
 * @param {Store} store
 */
export function saveDraft(store) {
  return store.save(DRAFT_KEY, draftOf(store));
}

/**
 * Forget the profile and the draft (every version).
 * @param {Store} store
 */
export function forgetAll(store) {
  store.remove(PROFILE_KEY, DRAFT_KEY, OLD_DRAFT_KEY);
}
