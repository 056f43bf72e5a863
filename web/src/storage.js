/*
 * Storage: localStorage when it works; otherwise memory and a clear message.
 * What was read is kept in memory, so every part of a page sees one object.
 */

export const STORAGE_MESSAGE = "本浏览器现在不能在本机保存信息（可能处于无痕/隐私模式，或存储空间已满）。" +
  "页面照常可读、可复制；这里填写的内容只在本页有效，关闭或刷新后不会保留。";
export const FULL_MESSAGE = "本机浏览器的存储空间已满，刚才的改动没有保存。请删去草稿中不用的小节，或先下载 Word 文档。";

/** @typedef {{getItem(key: string): string | null, setItem(key: string, value: string): void, removeItem(key: string): void}} Area */
/** @typedef {{ok: boolean, error: string}} StorageStatus */

/** Values by key in an area, kept in memory once read; status tells whether storage works. */
export class Store {
  /** @param {() => Area | null | undefined} getArea may throw or return nothing: no storage */
  constructor(getArea) {
    this.getArea = getArea;
    /** @type {Map<string, any>} */
    this.memory = new Map();
    /** @type {StorageStatus} whether the last use worked, and what to tell the reader */
    this.status = { ok: true, error: "" };
  }

  /** @param {string} message */
  fail(message) {
    this.status.ok = false;
    this.status.error = message;
  }

  /** The area, or null (and the status says so). */
  area() {
    try {
      const found = this.getArea();
      if (!found) throw new Error("no localStorage");
      return found;
    } catch {
      this.fail(STORAGE_MESSAGE);
      return null;
    }
  }

  /**
   * The stored value (parsed JSON), read once; fallback when there is none or it is unreadable.
   * @param {string} key
   * @param {any} fallback
   */
  load(key, fallback) {
    if (this.memory.has(key)) return this.memory.get(key);
    const where = this.area();
    let value = fallback;
    try {
      const raw = where && where.getItem(key);
      if (raw) value = JSON.parse(raw);
    } catch {
      value = fallback;  // corrupt JSON or storage refused: start again, say so
      this.fail(STORAGE_MESSAGE);
    }
    this.memory.set(key, value);
    return value;
  }

  /**
   * Store a value; false when it could be kept in memory only.
   * @param {string} key
   * @param {any} value
   */
  save(key, value) {
    this.memory.set(key, value);
    const where = this.area();
    if (!where) return false;
    try {
      where.setItem(key, JSON.stringify(value));
      if (!this.status.ok && this.status.error === STORAGE_MESSAGE) this.status.ok = true;
      return true;
    } catch (error) {
      this.fail(isQuotaError(error) ? FULL_MESSAGE : STORAGE_MESSAGE);
      return false;
    }
  }

  /**
   * Hold a value in memory without writing it.
   * @param {string} key
   * @param {any} value
   */
  keep(key, value) {
    this.memory.set(key, value);
  }

  /** Remove stored values. @param {string[]} keys */
  remove(...keys) {
    this.invalidate(...keys);
    const where = this.area();
    try {
      if (where) keys.forEach((key) => where.removeItem(key));
    } catch {
      /* nothing stored to clear */
    }
  }

  /** Read these again next time (another tab changed them). @param {string[]} keys */
  invalidate(...keys) {
    keys.forEach((key) => this.memory.delete(key));
  }
}

/**
 * A store over the area getArea returns.
 * @param {() => Area | null | undefined} getArea
 */
export function createStore(getArea) {
  return new Store(getArea);
}

/**
 * Whether a storage error says the storage is full.
 * @param {unknown} error
 */
export function isQuotaError(error) {
  const described = error && typeof error === "object" ? String(/** @type {any} */ (error).name) + String(/** @type {any} */ (error).message) : String(error);
  return /quota/i.test(described);
}
