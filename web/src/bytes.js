/**
 * Bytes of base64 text.
 * @param {string} b64
 */
export function base64Bytes(b64) {
  const binary = atob(b64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
