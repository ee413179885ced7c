/**
 * The bytes a submission's `encodeMessage` returned. A Uint8Array leaves the isolate as JSON, which
 * writes it as an object of indexes (`{"0":18,"1":52}`); this turns that back into bytes, or says
 * why it cannot be a Uint8Array's JSON.
 */
export function bytesFromJson(value: unknown): Uint8Array | { problem: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: `encodeMessage must return a Uint8Array, not ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` };
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const bytes = new Uint8Array(entries.length);
  for (const [key, byte] of entries) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= entries.length || String(index) !== key) {
      return { problem: 'encodeMessage must return a Uint8Array (the answer has keys that are not its indexes)' };
    }
    if (typeof byte !== 'number' || !Number.isInteger(byte) || byte < 0 || byte > 255) {
      return { problem: `encodeMessage must return a Uint8Array (index ${key} holds ${JSON.stringify(byte)})` };
    }
    bytes[index] = byte;
  }
  return bytes;
}

/** Hex with a space between bytes, for feedback. */
export function spacedHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}
