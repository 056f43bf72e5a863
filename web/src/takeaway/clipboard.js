/* Put text on the clipboard; falls back to execCommand where the API is missing or refused. */

/**
 * @param {string} text
 * @returns {Promise<void>}
 */
export function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text).catch(() => fallbackCopy(text));
  }
  return new Promise((resolve) => resolve(fallbackCopy(text)));
}

/** @param {string} text */
function fallbackCopy(text) {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy refused");
}
