import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { TwinwardError } from '../common/errors.js';
import { describeIssues, formatPath } from '../model/index.js';

export class ApiError extends TwinwardError<'not-found' | 'bad-request' | 'unavailable'> {
  readonly status: number;
  /** For a bad request found past schema validation (an unknown id in a valid field): the fields at fault. */
  readonly problems: Problem[] | undefined;
  constructor(code: 'not-found' | 'bad-request' | 'unavailable', status: number, message: string, problems?: Problem[]) {
    super(code, message);
    this.status = status;
    this.problems = problems;
  }
}

export interface Problem {
  /** Where: `query.limit`, `params.id`, `body.assets[2].zone`. */
  field: string;
  message: string;
}

/** A bad request about one field: `field: message`, with the field in `problems`. */
export function badRequest(field: string, message: string): ApiError {
  return new ApiError('bad-request', 400, `${field}: ${message}`, [{ field, message }]);
}

/**
 * Zod issues as problems, worded like `twinward validate` does, each field
 * under `where` (`body`, `query`, or a field holding a document: `body.scenario`).
 */
export function zodProblems(issues: readonly z.core.$ZodIssue[], where: string): Problem[] {
  return describeIssues(issues).map((p) => ({ field: formatPath([where, ...p.path]), message: p.message }));
}

/**
 * The one place errors become HTTP responses. Bad requests name every field
 * and what is wrong with it; server faults answer 500 without internals (the
 * log has them).
 */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext === 'querystring' ? 'query' : (err.validationContext ?? 'request');
    // Rebuild zod issues so the API words problems like `twinward validate` does.
    const raw = { querystring: req.query, body: req.body, params: req.params, headers: req.headers }[err.validationContext ?? 'body'];
    const issues = err.validation.map((v) => {
      const path = v.instancePath.split('/').filter(Boolean).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      return { ...(v.params as object), code: v.keyword, path, message: v.message ?? 'invalid value', input: valueAt(raw, path) };
    }) as unknown as Parameters<typeof describeIssues>[0];
    const problems = zodProblems(issues, where);
    void reply.code(400).send({ error: 'bad-request', message: `invalid ${where}: ${problems.map((p) => p.field).join(', ')}`, problems });
    return;
  }
  if (err instanceof ApiError) {
    void reply.code(err.status).send({ error: err.code, message: err.message, ...(err.problems ? { problems: err.problems } : {}) });
    return;
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    // Fastify's own client errors: malformed JSON, body too large, bad content type.
    void reply.code(err.statusCode).send({ error: 'bad-request', message: err.message, problems: [{ field: 'body', message: err.message }] });
    return;
  }
  req.log.error({ err }, 'request failed');
  void reply.code(500).send({ error: 'internal', message: 'internal error; the node log has details' });
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let cur = root;
  for (const seg of path) {
    // Query lists arrive as comma-separated text (`type=a,b`) and are split by the schema.
    if (typeof cur === 'string' && typeof seg === 'number') cur = cur.split(',').map((s) => s.trim())[seg];
    else if (typeof cur !== 'object' || cur === null) return undefined;
    else cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

export function notFound(what: string, id: string): ApiError {
  return new ApiError('not-found', 404, `no ${what} "${id}"`);
}
