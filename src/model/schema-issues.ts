import type { z } from 'zod';
import type { Segment } from './source.js';

/** A schema problem at a path of the merged model; `key` marks a problem with a key itself. */
export interface PathProblem {
  path: Segment[];
  message: string;
  key?: boolean;
}

/**
 * Turns zod issues into messages that say what is wrong and what was
 * expected, in the words of the model language rather than of zod.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): PathProblem[] {
  const out: PathProblem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((s): s is Segment => typeof s !== 'symbol');
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) out.push({ path: [...path, key], message: `unknown field "${key}"; check its spelling or remove it`, key: true });
        break;
      case 'invalid_type':
        out.push({
          path,
          message: input === undefined ? `missing required field; expected ${issue.expected}` : `wrong type: expected ${issue.expected}, got ${typeName(input)}`,
        });
        break;
      case 'invalid_value':
        out.push({ path, message: `unexpected value ${show(input)}; expected ${oneOf(issue.values)}` });
        break;
      case 'invalid_union': {
        const u = issue as { discriminator?: string; options?: unknown[] };
        if (u.discriminator && u.options) {
          const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[u.discriminator] : input;
          out.push({ path, message: `${value === undefined ? 'missing' : `unknown ${u.discriminator} ${show(value)}`}; expected ${oneOf(u.options)}` });
        } else {
          out.push({ path, message: `${issue.message}; got ${show(input)}` });
        }
        break;
      }
      case 'too_small':
      case 'too_big':
        out.push({ path, message: boundMessage(issue, input) });
        break;
      case 'custom':
        out.push({ path, message: issue.message });
        break;
      default:
        out.push({ path, message: input === undefined ? issue.message : `${issue.message}; got ${show(input)}` });
    }
  }
  return out;
}

function boundMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, input: unknown): string {
  // Custom messages (e.g. "area (m²) must be greater than 0") already say it best.
  if (!issue.message.startsWith('Too ')) return `${issue.message}; got ${show(input)}`;
  const small = issue.code === 'too_small';
  const bound = small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum;
  const op = small ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  if (issue.origin === 'array') return `expected ${op} ${String(bound)} items, got ${Array.isArray(input) ? input.length : show(input)}`;
  if (issue.origin === 'string') return `expected ${op} ${String(bound)} characters`;
  return `value ${show(input)} out of range; expected ${op} ${String(bound)}`;
}

function oneOf(values: readonly unknown[]): string {
  return values.length === 1 ? show(values[0]) : `one of: ${values.map((v) => String(v)).join(', ')}`;
}

export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'nothing';
  if (typeof v === 'object' && v !== null) return Array.isArray(v) ? 'a list' : 'a mapping';
  return String(v);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${show(v)}`;
}
