/*
 * Chinese search worker for Material for MkDocs (replaces its lunr worker).
 * Speaks Material's worker protocol, so the theme's search box, result list
 * and highlighting stay as they are. SETUP brings a small manifest; a query
 * downloads only the index fragments it needs (searchindex/builder.py).
 * Runs as a worker, in Material's iframe-worker shim from file://, and in a
 * page (tests: window.ZhSearch).
 */
import { Engine } from "../search/engine.js";
import { fnv1a, fromBase64, parseFragment, readList } from "../search/fragments.js";
import { normalize, segment, terms } from "../search/normalize.js";
import { mark } from "../search/display.js";
import { currentEngine, handle, warmUp } from "../search/worker.js";

/** @type {any} */
const scope = typeof self !== "undefined" ? self : globalThis;

scope.ZhSearch = {
  engine: currentEngine, Engine, normalize, segment, terms, mark, handle, fnv1a, parseFragment, warmUp, readList, fromBase64,
};

const inWorker = typeof scope.WorkerGlobalScope !== "undefined" ||
  (typeof scope.parent !== "undefined" && scope.parent !== scope && "IFrameWorker" in scope.parent);
if (inWorker) {
  scope.addEventListener("message", (/** @type {MessageEvent} */ event) => {
    Promise.resolve(handle(event.data)).then((reply) => {
      if (reply) scope.postMessage(reply);
    });
  });
}
