/**
 * Reads fields of a submitted form, whichever way it was encoded: @fastify/formbody gives strings
 * (or arrays of strings for repeated names), @fastify/multipart in `keyValues` mode gives strings
 * for fields and, for the upload, what the multipart options' onFile assigns.
 */

export interface UploadedFile {
  /** The name the browser sent; may be empty when no file was chosen. */
  filename: string;
  bytes: Buffer;
}

function first(body: unknown, name: string): unknown {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = Object.hasOwn(body, name) ? (body as Record<string, unknown>)[name] : undefined;
  return Array.isArray(value) ? value[0] : value;
}

/** The field's text, or '' when it is missing or not text. */
export function textField(body: unknown, name: string): string {
  const value = first(body, name);
  return typeof value === 'string' ? value : '';
}

/** The uploaded file, or undefined when the field is missing or is not a file. */
export function fileField(body: unknown, name: string): UploadedFile | undefined {
  const value = first(body, name) as Partial<UploadedFile> | undefined;
  if (!value || typeof value !== 'object' || !Buffer.isBuffer(value.bytes)) return undefined;
  return { filename: typeof value.filename === 'string' ? value.filename : '', bytes: value.bytes };
}
