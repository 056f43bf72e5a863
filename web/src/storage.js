/*
 * Storage: localStorage when it works; otherwise memory and a clear message.
 * What was read is kept in memory, so every part of a page sees one object.
 */

export const STORAGE_MESSAGE = "本浏览器现在不能在本机保存信息（可能处于无痕/隐私模式，或存储空间已满）。" +
  "页面照常可读、可复制；这里填写的内容只在本页有效，关闭或刷新后不会保留。";
export const FULL_MESSAGE = "本机浏览器的存储空间已满，刚才的改动没有保存。请删去草稿中不用的小节，或先下载 Word 文档。";

/** @typedef {{getItem(key: string): string | null, setItem(key: string, value: string): void, removeItem(key: string): void}} Area */
/** @typedef {{ok: boolean, error: string}} StorageStatus */
/**
 * @typedef {object} Store
 * @property {StorageStatus} status whether the last use worked, and what to tell the reader
 * @property {(key: string, fallback: any) => any} load the stored value (parsed JSON), read once
 * @property {(key: string, value: any) => boolean} save store a value; false when it was kept in memory only
 * @property {(key: string, value: any) => void} keep hold a value in memory without writing it
 * @property {(...keys: string[]) => void} remove remove stored values
 * @property {(...keys: string[]) => void} invalidate read these again next time (another tab changed them)
 */

/**
 * A store over the area getArea returns (it may throw or return null: no storage).
 * @param {() => Area | null | undefined} getArea
 * @returns {Store}
 */
export function createStore(getArea) {
  /** @type {Map<string, any>} */
  const memory = new Map();
  /** @type {StorageStatus} */
  const status = { ok: true, error: "" };

  function fail(/** @type {string} */ message) {
    status.ok = false;
    status.error = message;
  }

  function area() {
    try {
      const found = getArea();
      if (!found) throw new Error("no localStorage");
      return found;
    } catch {
      fail(STORAGE_MESSAGE);
      return null;
    }
  }

  function load(/** @type {string} */ key, /** @type {any} */ fallback) {
    if (memory.has(key)) return memory.get(key);
    const where = area();
    let value = fallback;
    try {
      const raw = where && where.getItem(key);
      if (raw) value = JSON.parse(raw);
    } catch {
      value = fallback;  // unreadable (corrupt JSON or storage refused): start again, say so
      fail(STORAGE_MESSAGE);
    }
    memory.set(key, value);
    return value;
  }

  function save(/** @type {string} */ key, /** @type {any} */ value) {
    memory.set(key, value);
    const where = area();
    if (!where) return false;
    try {
      where.setItem(key, JSON.stringify(value));
      if (!status.ok && status.error === STORAGE_MESSAGE) status.ok = true;
      return true;
    } catch (error) {
      fail(isQuotaError(error) ? FULL_MESSAGE : STORAGE_MESSAGE);
      return false;
    }
  }

  function remove(/** @type {string[]} */ ...keys) {
    keys.forEach((key) => memory.delete(key));
    const where = area();
    try {
      if (where) keys.forEach((key) => where.removeItem(key));
    } catch {
      /* nothing stored to clear */
    }
  }

  return {
    status, load, save, remove,
    keep: (key, value) => { memory.set(key, value); },
    invalidate: (...keys) => keys.forEach((key) => memory.delete(key)),
  };
}

/**
 * Whether a storage error says the storage is full.
 * @param {unknown} error
 */
export function isQuotaError(error) {
  const described = error && typeof error === "object" ? String(/** @type {any} */ (error).name) + String(/** @type {any} */ (error).message) : String(error);
  return /quota/i.test(described);
}
