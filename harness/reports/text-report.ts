import type { GradingResult, TestResult } from '../result-schema.js';

/** A report for a terminal: the score, then every test that did not pass, with its evidence. */
export function formatTextReport(result: GradingResult, options: { color?: boolean } = {}): string {
  const paint = (code: number, text: string) => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const lines: string[] = [];
  if (!result.gradable) {
    const where = result.error?.line ? ` at line ${result.error.line}${result.error.column ? `, column ${result.error.column}` : ''}` : '';
    lines.push(paint(33, `Not graded: ${result.error?.message ?? 'the code could not run'}${where}`));
    lines.push('This does not count as an attempt.');
    return `${lines.join('\n')}\n`;
  }
  const passed = result.tests.filter((test) => test.status === 'passed').length;
  for (const test of result.tests) {
    if (test.status === 'passed') continue;
    lines.push(...describeFailure(test, paint), '');
  }
  if (result.error) lines.push(paint(31, `${result.error.code}: ${result.error.message}`), '');
  const full = result.score === result.maxScore;
  lines.push(
    paint(full ? 32 : 31, `Score ${result.score} / ${result.maxScore}`) +
      ` (${passed} of ${result.tests.length} tests passed, graded in ${result.durationMs.toFixed(1)} ms)`,
  );
  return `${lines.join('\n')}\n`;
}

function describeFailure(test: TestResult, paint: (code: number, text: string) => string): string[] {
  const lines = [`${paint(31, `✗ ${test.status}`)} ${test.name} at ${test.source}${test.rfc ? ` [${test.rfc}]` : ''}`];
  if (test.message) lines.push(`  ${test.message}`);
  const block = (label: string, text: string | undefined) => {
    if (text === undefined) return;
    lines.push(`  ${label}:`, ...text.split('\n').map((line) => `    ${line}`));
  };
  block('input', test.input);
  block('expected', test.expected);
  block('actual', test.actual);
  block('printed', test.output);
  if (test.counterexamplePath !== undefined) lines.push(`  seed ${test.seed}, fast-check path ${test.counterexamplePath}`);
  return lines;
}
