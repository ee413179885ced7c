/**
 * What an exercise's properties module (`exercises/<slug>/properties.ts`) exports: named
 * properties, each a generator of inputs and the reference answer for any one of them.
 *
 * The grader generates inputs in the host, sends only the inputs into the sandbox, and computes
 * the expected answers here with `expected`, so the reference and its answers never enter the
 * isolate. A property holds when the student's answer agrees with `expected` on every input.
 */
import type { Arbitrary } from 'fast-check';
import type { Visibility } from '../exercises/types.js';

export interface PropertyDefinition<Input = unknown> {
  /** Unique within the exercise (vector ids included), kebab-case, e.g. "well-formed-requests". */
  id: string;
  /** Short human name, shown as the test's name. */
  name: string;
  /** One sentence: what the property checks. */
  checks: string;
  /** The RFC section the property checks, e.g. "RFC 9112 §3". */
  rfc: string;
  points: number;
  /** Public unless stated: a failing public property shows its shrunk counterexample. */
  visibility?: Visibility;
  /** The inputs, as the entry function receives them. Their shrinking makes counterexamples small. */
  inputs: Arbitrary<Input>;
  /** The contract's answer for one input, computed in the host by the reference. */
  expected: (input: Input) => unknown;
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Declares a property; checks its shape once, when the module loads. */
export function defineProperty<Input>(property: PropertyDefinition<Input>): PropertyDefinition<Input> {
  if (!ID.test(property.id)) throw new Error(`property id "${property.id}" must be kebab-case`);
  if (!(property.points > 0)) throw new Error(`property ${property.id}: points must be positive`);
  for (const key of ['name', 'checks', 'rfc'] as const) {
    if (typeof property[key] !== 'string' || property[key] === '') throw new Error(`property ${property.id}: "${key}" must be a non-empty string`);
  }
  return property;
}

/** True for a value `defineProperty` could have returned; the module's other exports are ignored. */
export function isPropertyDefinition(value: unknown): value is PropertyDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<PropertyDefinition>;
  return typeof candidate.id === 'string' && typeof candidate.expected === 'function' && typeof candidate.inputs?.generate === 'function';
}
