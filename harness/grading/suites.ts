import type { Exercise, SuiteConfig } from '../exercises/types.js';
import type { TestResult } from '../result-schema.js';
import type { Comparator } from './comparators.js';
import type { SandboxSession } from './sandbox-session.js';
import { gradeRingSimulation } from './ring-simulation-suite.js';
import { gradeDnsCodec } from './dns-codec-suite.js';
import { gradeProperties } from './property-suite.js';
import { gradeSocketClient } from './socket-client-suite.js';
import { gradeStreamVectors } from './stream-vector-suite.js';
import { gradeTcpServer } from './tcp-server-suite.js';
import { gradeUdpServer } from './udp-server-suite.js';
import { gradeVectors } from './vector-suite.js';

/** What a suite gets to grade with: the loaded submission, the exercise, and its own options. */
export interface SuiteContext {
  session: SandboxSession;
  exercise: Exercise;
  compare: Comparator;
  options: SuiteConfig;
}

/** A kind of test suite. It returns one TestResult per test, its points summing to at most the
 *  suite's points (the vectors' points for vector kinds). */
export type SuiteRunner = (context: SuiteContext) => Promise<TestResult[]>;

const runners: Record<string, SuiteRunner> = {
  vectors: ({ session, exercise, compare }) => gradeVectors(session, exercise, compare),
  'stream-vectors': gradeStreamVectors,
  properties: gradeProperties,
  'dns-codec': gradeDnsCodec,
  'ring-simulation': gradeRingSimulation,
  'udp-server': gradeUdpServer,
  'tcp-server': gradeTcpServer,
  'socket-client': gradeSocketClient,
};

export function suiteRunner(kind: string): SuiteRunner | undefined {
  return Object.hasOwn(runners, kind) ? runners[kind] : undefined;
}
