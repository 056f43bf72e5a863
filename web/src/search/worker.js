/* Material's worker protocol (SETUP 0, READY 1, QUERY 2, RESULT 3) over one engine. */
import { FORMAT_VERSION, QUERY, READY, RESULT, SETUP } from "./constants.js";
import { Engine } from "./engine.js";

/** @type {Engine | null} */
let engine = null;
let latest = 0;

/** The engine of the last SETUP. */
export function currentEngine() {
  return engine;
}

/**
 * A one-page index (工 and 工会 in the title, 会 twice in a heading) by file key.
 * @type {Readonly<Record<string, any>>}
 */
export const TOY_INDEX = {
  "c/5de5": { d: 1, f: 0, w: [["会", 1, 0]] },
  "c/4f1a": { d: 1, f: 0, w: [] },
  "p/0": new Uint8Array([3, 3, 229, 183, 165, 1, 2, 6, 229, 183, 165, 228, 188, 154, 1, 2, 3, 228, 188,
    154, 1, 2, 0, 255, 0, 255, 0, 52]),
  "d/0": { location: "", title: "工会", text: "工会\n工会工作", tags: [], h: [[0, "a", 1], [3, "b", 2]] },
};

/** Run a query on a tiny built-in index once, so the first real query runs compiled code. */
export function warmUp() {
  const toy = new Engine({ config: { zh: { v: FORMAT_VERSION, n: 1, H: 1 } } }, (key) => Promise.resolve(TOY_INDEX[key] || null));
  return toy.search("工会工").catch(() => {});
}

/**
 * Answer one message: SETUP -> READY; QUERY -> Promise of RESULT (null when overtaken).
 * @param {{type: number, data?: any}} message
 * @param {import("./loaders.js").Loader} [loader]
 */
export function handle(message, loader) {
  if (message.type === SETUP) {
    engine = new Engine(message.data, loader);
    latest = 0;
    if (!loader) warmUp();
    return { type: READY };
  }
  if (message.type === QUERY) {
    const seq = ++latest;
    if (!engine) return Promise.resolve({ type: RESULT, data: { items: [] } });
    return engine.search(message.data).catch((error) => {
      console.warn("search-zh: query failed", error);
      return { items: [] };
    }).then((data) => (seq === latest ? { type: RESULT, data } : null));
  }
  return null;
}
