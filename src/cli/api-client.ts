import { EXIT, ExitError } from './output.js';

/**
 * Calls a running node's API and returns its JSON answer; an unreachable
 * node or an error answer becomes one clear CLI error (400s are usage errors:
 * the node says which field is wrong).
 */
async function requestJson<T>(base: string, path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(path, base), init);
  } catch (err) {
    throw new ExitError(EXIT.failure, `cannot reach a Twinward node at ${base}: ${((err as Error).cause as Error | undefined)?.message ?? (err as Error).message}`);
  }
  const body = (await res.json().catch(() => ({}))) as T & { message?: string; problems?: { field: string; message: string }[] };
  if (!res.ok) {
    const detail = body.problems?.map((p) => `${p.field}: ${p.message}`).join('; ') ?? body.message ?? res.statusText;
    throw new ExitError(res.status === 400 ? EXIT.usage : EXIT.failure, `${path}: ${detail}`);
  }
  return body;
}

export function getJson<T>(base: string, path: string): Promise<T> {
  return requestJson<T>(base, path);
}

export function postJson<T>(base: string, path: string, body: unknown): Promise<T> {
  return requestJson<T>(base, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}
