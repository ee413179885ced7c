/**
 * Reads an exercise's vector files (`exercises/<slug>/vectors/<topic>.md`), as docs/vector-format.md
 * describes them: a `##` heading per case, a metadata list, an `input` block with every byte
 * written out, and a `json` block with the expected result.
 *
 * The reader is strict on purpose: a typo in a vector file must stop the build, not silently drop
 * a rule from the grading. Every problem is reported as `file:line: what is wrong`.
 */
import { VISIBILITIES, type VectorCase, type Visibility } from '../exercises/types.js';

export class VectorFormatError extends Error {
  readonly file: string;
  readonly line: number;
  readonly problem: string;

  constructor(file: string, line: number, problem: string) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'VectorFormatError';
    this.file = file;
    this.line = line;
    this.problem = problem;
  }
}

const REQUIRED_KEYS = ['id', 'visibility', 'points', 'rfc'] as const;
const KNOWN_KEYS: ReadonlySet<string> = new Set([...REQUIRED_KEYS, 'note']);
const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const POSITIVE_NUMBER = /^\d+(?:\.\d+)?$/;
const FENCE_OPEN = /^```(.*)$/;
const FENCE_CLOSE = /^```\s*$/;
const METADATA_ITEM = /^-\s+([^:]*?)\s*:\s*(.*)$/;
const JSON_INPUT_INFO = 'input json';
const HEX_INPUT_INFO = 'input hex';

interface Fence {
  info: string;
  /** Line of the opening fence. */
  line: number;
  body: string[];
}

interface MetadataEntry {
  value: string;
  line: number;
}

interface CaseDraft {
  name: string;
  line: number;
  metadata: Map<string, MetadataEntry>;
  /** The metadata list is the run of `- key: value` lines right after the heading. */
  metadataClosed: boolean;
  fences: Fence[];
}

/** Parses one vector file. `file` is used in error messages and stored as each case's `file`. */
export function parseVectorFile(text: string, file: string): VectorCase[] {
  // Splitting on CRLF as well keeps a file saved with Windows line endings meaning the same.
  const lines = text.split(/\r?\n/);
  const drafts: CaseDraft[] = [];
  let current: CaseDraft | undefined;
  let openFence: Fence | undefined;

  lines.forEach((content, index) => {
    const lineNumber = index + 1;
    if (openFence) {
      if (FENCE_CLOSE.test(content)) openFence = undefined;
      else openFence.body.push(content);
      return;
    }
    const fenceStart = FENCE_OPEN.exec(content);
    if (fenceStart) {
      openFence = { info: (fenceStart[1] ?? '').trim(), line: lineNumber, body: [] };
      if (current) {
        current.fences.push(openFence);
        current.metadataClosed = true;
      }
      return;
    }
    if (content === '##' || content.startsWith('## ')) {
      const name = content.slice(2).trim();
      if (name === '') throw new VectorFormatError(file, lineNumber, 'case heading has no name');
      current = { name, line: lineNumber, metadata: new Map(), metadataClosed: false, fences: [] };
      drafts.push(current);
      return;
    }
    if (!current || current.metadataClosed) return;
    if (content.startsWith('-')) {
      readMetadataItem(current, content, file, lineNumber);
    } else if (content.trim() === '') {
      // Blank lines may separate the heading from the list; one after the list ends it.
      if (current.metadata.size > 0) current.metadataClosed = true;
    } else {
      current.metadataClosed = true;
    }
  });

  if (openFence) throw new VectorFormatError(file, openFence.line, 'code block is never closed');
  if (drafts.length === 0) throw new VectorFormatError(file, 1, 'file has no cases (a case starts with a "## " heading)');

  const seenIds = new Map<string, number>();
  return drafts.map((draft) => {
    const vector = finishCase(draft, file);
    const idLine = draft.metadata.get('id')?.line ?? draft.line;
    const earlier = seenIds.get(vector.id);
    if (earlier !== undefined) {
      throw new VectorFormatError(file, idLine, `duplicate id "${vector.id}" (first used at line ${earlier})`);
    }
    seenIds.set(vector.id, idLine);
    return vector;
  });
}

function readMetadataItem(draft: CaseDraft, content: string, file: string, lineNumber: number): void {
  const item = METADATA_ITEM.exec(content);
  if (!item) throw new VectorFormatError(file, lineNumber, 'metadata line must read "- key: value"');
  const key = item[1] ?? '';
  const value = (item[2] ?? '').trim();
  if (!KNOWN_KEYS.has(key)) {
    throw new VectorFormatError(file, lineNumber, `unknown metadata key "${key}" (known: ${[...KNOWN_KEYS].join(', ')})`);
  }
  if (draft.metadata.has(key)) throw new VectorFormatError(file, lineNumber, `metadata key "${key}" appears twice`);
  if (value === '') throw new VectorFormatError(file, lineNumber, `metadata "${key}" is empty`);
  draft.metadata.set(key, { value, line: lineNumber });
}

function finishCase(draft: CaseDraft, file: string): VectorCase {
  for (const key of REQUIRED_KEYS) {
    if (!draft.metadata.has(key)) {
      throw new VectorFormatError(file, draft.line, `case "${draft.name}" is missing required metadata "${key}"`);
    }
  }
  const field = (key: string): MetadataEntry => draft.metadata.get(key) as MetadataEntry;

  const id = field('id');
  if (!KEBAB_CASE.test(id.value)) throw new VectorFormatError(file, id.line, `id "${id.value}" is not kebab-case`);

  const visibility = field('visibility');
  if (!(VISIBILITIES as readonly string[]).includes(visibility.value)) {
    const allowed = VISIBILITIES.map((name) => `"${name}"`).join(', ');
    throw new VectorFormatError(file, visibility.line, `visibility must be one of ${allowed}, not "${visibility.value}"`);
  }

  const points = field('points');
  const pointsValue = Number(points.value);
  if (!POSITIVE_NUMBER.test(points.value) || !(pointsValue > 0)) {
    throw new VectorFormatError(file, points.line, `points must be a positive number, not "${points.value}"`);
  }

  const inputIndex = draft.fences.findIndex((fence) => fence.info === 'input' || fence.info === JSON_INPUT_INFO || fence.info === HEX_INPUT_INFO);
  const inputFence = draft.fences[inputIndex];
  if (!inputFence) throw new VectorFormatError(file, draft.line, `case "${draft.name}" has no \`\`\`input block`);
  const jsonFence = draft.fences.slice(inputIndex + 1).find((fence) => fence.info === 'json');
  if (!jsonFence) {
    throw new VectorFormatError(file, draft.line, `case "${draft.name}" has no \`\`\`json block after its input block`);
  }

  const input =
    inputFence.info === JSON_INPUT_INFO
      ? parseJsonInput(inputFence, file)
      : inputFence.info === HEX_INPUT_INFO
        ? decodeHexBlock(inputFence.body, file, inputFence.line + 1)
        : decodeInputBlock(inputFence.body, file, inputFence.line + 1);
  let expected: unknown;
  try {
    expected = JSON.parse(jsonFence.body.join('\n'));
  } catch (error) {
    throw new VectorFormatError(file, jsonFence.line, `json block is not valid JSON: ${(error as Error).message}`);
  }

  const note = draft.metadata.get('note');
  return {
    id: id.value,
    name: draft.name,
    file,
    line: draft.line,
    input,
    expected,
    visibility: visibility.value as Visibility,
    points: pointsValue,
    rfc: field('rfc').value,
    ...(note ? { note: note.value } : {}),
  };
}

/**
 * Turns the lines of an `input hex` block into the byte string they spell: pairs of hex digits,
 * spaces or tabs between bytes free, and `;` starting a comment to the end of the line (to label fields).
 */
export function decodeHexBlock(lines: readonly string[], file = '<input>', firstLine = 1): string {
  let bytes = '';
  lines.forEach((content, index) => {
    // A space may separate bytes but not split one: "0 1" is a mistake, not the byte 0x01.
    for (const group of (content.split(';')[0] ?? '').split(/[ \t]+/).filter((text) => text !== '')) {
      if (!/^(?:[0-9a-fA-F]{2})+$/.test(group)) {
        throw new VectorFormatError(file, firstLine + index, `input hex has "${group}", which is not whole bytes of hex digits (a comment starts with ;)`);
      }
      for (let i = 0; i < group.length; i += 2) bytes += String.fromCharCode(parseInt(group.slice(i, i + 2), 16));
    }
  });
  return bytes;
}

/**
 * An `input json` block holds a JSON value instead of bytes, for exercises whose functions take
 * numbers and lists (the `named-calls` style takes `[exportName, ...args]`). VectorCase.input is
 * typed as a byte string, which every other input is; the grader hands either kind to the sandbox
 * as it is, and shows a non-string input as JSON.
 */
function parseJsonInput(fence: Fence, file: string): string {
  try {
    return JSON.parse(fence.body.join('\n')) as string;
  } catch (error) {
    throw new VectorFormatError(file, fence.line, `input json block is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Turns the lines of an `input` block into the byte string they spell. Line breaks in the block are
 * not part of the input; every byte is written out (docs/vector-format.md, "Writing bytes").
 * `firstLine` is the file line of `lines[0]`, for error messages.
 */
export function decodeInputBlock(lines: readonly string[], file = '<input>', firstLine = 1): string {
  let bytes = '';
  lines.forEach((content, index) => {
    const lineNumber = firstLine + index;
    if (/[ \t]$/.test(content)) {
      throw new VectorFormatError(file, lineNumber, 'input line ends with a space or tab (write a final space as \\s)');
    }
    for (let column = 0; column < content.length; column++) {
      const code = content.charCodeAt(column);
      if (code !== 0x5c) {
        if (code < 0x20 || code > 0x7e) {
          const shown = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
          throw new VectorFormatError(
            file,
            lineNumber,
            `input has ${shown} at column ${column + 1}, which is not printable ASCII (write bytes as \\xHH, a tab as \\t)`,
          );
        }
        bytes += content[column];
        continue;
      }
      const escape = content[column + 1];
      switch (escape) {
        case 'r': bytes += '\r'; break;
        case 'n': bytes += '\n'; break;
        case 't': bytes += '\t'; break;
        case 's': bytes += ' '; break;
        case '\\': bytes += '\\'; break;
        case 'x': {
          const hex = content.slice(column + 2, column + 4);
          if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
            throw new VectorFormatError(file, lineNumber, `escape \\x at column ${column + 1} needs two hex digits`);
          }
          bytes += String.fromCharCode(parseInt(hex, 16));
          column += 2;
          break;
        }
        case undefined:
          throw new VectorFormatError(file, lineNumber, 'input line ends with a lone backslash (write a backslash as \\\\)');
        default:
          throw new VectorFormatError(file, lineNumber, `unknown escape \\${escape} at column ${column + 1}`);
      }
      column += 1;
    }
  });
  return bytes;
}

/**
 * The inverse of decodeInputBlock: the text of an `input` block for a byte string, one block line
 * per input line (a break after every `\n`), every byte outside printable ASCII escaped.
 */
export function encodeInputBlock(bytes: string): string {
  let text = '';
  for (let index = 0; index < bytes.length; index++) {
    const code = bytes.charCodeAt(index);
    const last = index === bytes.length - 1;
    if (code > 0xff) throw new RangeError(`not a byte string: U+${code.toString(16).toUpperCase()} at ${index}`);
    if (code === 0x0a) text += last ? '\\n' : '\\n\n';
    else if (code === 0x0d) text += '\\r';
    else if (code === 0x09) text += '\\t';
    else if (code === 0x5c) text += '\\\\';
    // A space is escaped only where editors would strip it: at the very end of a line. Lines
    // break only after an LF, so that is the end of the whole input.
    else if (code === 0x20) text += last ? '\\s' : ' ';
    else if (code > 0x20 && code < 0x7f) text += bytes[index];
    else text += `\\x${code.toString(16).padStart(2, '0')}`;
  }
  return text;
}
