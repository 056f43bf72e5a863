/* Small DOM helpers of the draft pieces. */

/**
 * An element with attributes ("text" sets its text, "className" its class) and children (null skipped).
 * @param {string} tag
 * @param {Record<string, string>} [attrs]
 * @param {(Node | null)[]} [children]
 * @returns {HTMLElement}
 */
export function el(tag, attrs, children) {
  const node = document.createElement(tag);
  Object.keys(attrs || {}).forEach((key) => {
    const value = /** @type {Record<string, string>} */ (attrs)[key];
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else node.setAttribute(key, value);
  });
  (children || []).forEach((child) => { if (child) node.appendChild(child); });
  return node;
}

/**
 * A button element.
 * @param {string} className
 * @param {string} text
 * @param {Record<string, string>} [attrs]
 * @returns {HTMLButtonElement}
 */
export function button(className, text, attrs) {
  return /** @type {HTMLButtonElement} */ (el("button", Object.assign({ type: "button", className, text }, attrs || {})));
}

/**
 * Offer a file for download.
 * @param {Blob} blob
 * @param {string} name
 */
export function offerDownload(blob, name) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  setTimeout(() => {
    URL.revokeObjectURL(link.href);
    link.remove();
  }, 10000);
}

/**
 * A button that asks to be clicked again within five seconds before it acts.
 * @param {HTMLButtonElement} control
 * @param {string} label
 * @param {string} confirm text shown while armed
 * @param {() => void} act
 * @param {() => boolean} [ready] whether a first click arms the button at all
 */
export function confirmTwice(control, label, confirm, act, ready = () => true) {
  let armed = false;
  control.addEventListener("click", () => {
    if (!armed) {
      if (!ready()) return;
      armed = true;
      control.textContent = confirm;
      setTimeout(() => {
        armed = false;
        control.textContent = label;
      }, 5000);
      return;
    }
    armed = false;
    control.textContent = label;
    act();
  });
}

/** The site's root URL (from Material's config, else one folder up). */
export function siteRoot() {
  try {
    const config = JSON.parse((document.getElementById("__config") || {}).textContent || "");
    return new URL((config.base || ".") + "/", window.location.href).href;
  } catch {
    return new URL("../", window.location.href).href;
  }
}

/**
 * The link to a page of the site the draft names (never another site); from file:// a folder's index.html.
 * @param {unknown} url
 */
export function pageLink(url) {
  if (typeof url !== "string" || /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(url)) return "#";
  const root = new URL(siteRoot());
  const target = new URL(url, root);
  // "/\\host" and the like parse as another host: only links on this site's own origin
  if (target.protocol !== root.protocol || target.host !== root.host) return "#";
  let href = target.href;
  if (window.location.protocol === "file:" && /\/$/.test(href)) href += "index.html";
  return href;
}
