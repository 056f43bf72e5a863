/* The .docx as a file: parts zipped with the vendored fflate (window.fflate). */
import { base64Bytes } from "../bytes.js";

/** @typedef {{strToU8(text: string): Uint8Array, zipSync(files: Record<string, Uint8Array>, options?: {level?: number}): Uint8Array}} Zip */

export const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/**
 * The zip's files: text parts as UTF-8, binary parts from base64.
 * @param {Record<string, import("./assemble.js").Part>} parts
 * @param {Zip} zip
 * @returns {Record<string, Uint8Array>}
 */
export function zipFiles(parts, zip) {
  /** @type {Record<string, Uint8Array>} */
  const files = {};
  Object.keys(parts).forEach((name) => {
    const value = parts[name];
    files[name] = typeof value === "string" ? zip.strToU8(value) : base64Bytes(value.b64);
  });
  return files;
}

/**
 * The .docx as a Blob.
 * @param {Record<string, import("./assemble.js").Part>} parts
 * @param {Zip} zip
 */
export function docxBlob(parts, zip) {
  const bytes = /** @type {Uint8Array<ArrayBuffer>} */ (zip.zipSync(zipFiles(parts, zip), { level: 6 }));
  return new Blob([bytes], { type: DOCX_TYPE });
}
