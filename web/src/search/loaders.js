/*
 * Where the index's fragments come from: fetch over http; from file:// (the
 * offline copy, where fetch of local files is refused) their .js twins,
 * loaded with script tags, as Material's iframe-worker shim runs the worker
 * in a hidden iframe.
 */
import { fromBase64 } from "./fragments.js";

/** @typedef {(key: string, kind: string) => Promise<any>} Loader key, "json" | "bin" -> data or null */

/** @type {any} */
const scope = typeof self !== "undefined" ? self : globalThis;

/** Where this script was loaded from (a worker's location, or the shim's script tag). */
function scriptURL() {
  const current = scope.document && scope.document.currentScript;
  return (current && current.src) || (scope.location && scope.location.href) || "";
}

export const SCRIPT_URL = scriptURL();
const FROM_FILE = /^file:/.test(SCRIPT_URL);

/**
 * A page's URL as results link to it: from file:// a folder has no index page of its own.
 * @param {string} location
 * @param {boolean} [fromFile]
 */
export function pageLocation(location, fromFile = FROM_FILE) {
  if (!fromFile) return location;
  const cut = location.search(/[?#]/);
  const path = cut < 0 ? location : location.slice(0, cut);
  const rest = cut < 0 ? "" : location.slice(cut);
  return (path === "" || /\/$/.test(path) ? path + "index.html" : path) + rest;
}

/**
 * Loads fragment files over http.
 * @param {string} root
 * @returns {Loader}
 */
export function fetchLoader(root) {
  return (key, kind) => fetch(root + key + (kind === "bin" ? ".bin" : ".json")).then((response) => {
    if (!response.ok) return null;
    return kind === "bin" ? response.arrayBuffer().then((buffer) => new Uint8Array(buffer)) : response.json();
  });
}

/**
 * Loads the .js twins with script tags; each calls __zhIndex(key, data).
 * @param {string} root
 * @returns {Loader}
 */
export function scriptLoader(root) {
  /** @type {Record<string, (data: any) => void>} */
  const waiting = {};
  scope.__zhIndex = (/** @type {string} */ key, /** @type {any} */ data) => {
    const done = waiting[key];
    if (done) {
      delete waiting[key];
      done(data);
    }
  };
  return (key, kind) => new Promise((resolve) => {
    waiting[key] = (data) => resolve(kind === "bin" ? fromBase64(data) : data);
    const tag = document.createElement("script");
    tag.src = root + key + ".js";
    tag.onload = tag.onerror = () => {
      tag.remove();
      if (waiting[key]) {
        delete waiting[key];
        resolve(null);
      }
    };
    (document.head || document.documentElement).appendChild(tag);
  });
}

/**
 * The default loader for a manifest: fetch, or script tags from file://.
 * @param {{dir?: string}} manifest
 * @returns {Loader}
 */
export function defaultLoader(manifest) {
  const root = new URL("../../search/" + manifest.dir + "/", SCRIPT_URL.split(/[?#]/)[0]).href;
  return /^file:/.test(root) ? scriptLoader(root) : fetchLoader(root);
}
