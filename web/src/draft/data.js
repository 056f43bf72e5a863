/*
 * Data files (draft-base.js, <page>.draft.js) and the zip library, loaded
 * with script tags (works from file://): each data file pushes
 * [kind, data] onto window.draftData.
 */
/** @type {Record<string, Promise<any[]>>} */
const scripts = {};
const script = document.currentScript;
/** Where the site's scripts are (this bundle's folder). */
export const ASSETS = script instanceof HTMLScriptElement ? script.src.replace(/[^/]*$/, "") : "";

/** @returns {any[]} */
function draftData() {
  return /** @type {any} */ (window).draftData || [];
}

/**
 * Load a script once; the entries it pushed onto window.draftData.
 * @param {string} url
 * @returns {Promise<any[]>}
 */
export function loadScript(url) {
  if (!scripts[url]) {
    scripts[url] = new Promise((resolve, reject) => {
      const before = draftData().length;
      const tag = document.createElement("script");
      tag.src = url;
      tag.async = true;
      tag.onload = () => resolve(draftData().slice(before));
      tag.onerror = () => {
        delete scripts[url];
        reject(new Error("cannot load " + url));
      };
      document.head.appendChild(tag);
    });
  }
  return scripts[url];
}

/**
 * The data of one kind ("page" or "base") a data file holds.
 * @param {string} url
 * @param {string} kind
 */
export function loadData(url, kind) {
  return loadScript(url).then((entries) => {
    const found = entries.filter((entry) => entry[0] === kind)[0];
    if (!found) throw new Error("no " + kind + " data in " + url);
    return found[1];
  });
}

/** A page's data (blocks, sections, lead, parts). @param {string} url */
export function loadPage(url) {
  return loadData(url, "page");
}

/** @returns {Promise<import("../docx/assemble.js").Base>} */
export function loadBase() {
  return loadData(ASSETS + "draft-base.js", "base");
}

/** @returns {Promise<import("../docx/zip.js").Zip>} */
export function loadZip() {
  const found = () => /** @type {any} */ (window).fflate;
  if (found()) return Promise.resolve(found());
  return loadScript(ASSETS + "vendor/fflate.min.js").then(() => {
    if (!found()) throw new Error("fflate missing");
    return found();
  });
}
