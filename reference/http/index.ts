/** The HTTP/1.1 request reference: pure functions from bytes to results, no I/O. */
export { parseRequest, type ExplainedParseResult, type HttpRequest, type ParseResult } from './parse-request.js';
export { RequestReader } from './request-reader.js';
export { parseRequestHead, checkHost, type HeadResult, type RequestHead } from './request-head.js';
export { readLine, skipEmptyLines, type LineRead } from './lines.js';
export { parseRequestLine, isHttpVersion, type RequestLine, type RequestLineResult } from './request-line.js';
export { parseFieldLine, type FieldLineResult } from './field-line.js';
export { bodyLengthOf, contentLengthElements, MAX_CONTENT_LENGTH, type BodyLengthResult } from './content-length.js';
export { REQUEST_ERRORS, statusFor, type RequestErrorCode, type RequestErrorInfo } from './request-errors.js';
