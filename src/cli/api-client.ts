import { EXIT, ExitError } from './output.js';

/** GETs JSON from a running node's API; failures become one clear CLI error. */
export async function getJson<T>(base: string, path: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(path, base));
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
