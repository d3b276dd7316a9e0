import { z } from 'zod';
import { LedgerError } from '../../ledger/errors.js';
import { NoteError } from '../../ledger/note.js';
import { parseAddCheckpointBody } from '../../ledger/witness.js';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';
import { ApiError } from '../errors.js';

const Checkpoint = z
  .object({
    size: z.number().int(),
    root: z.string().describe('base64 root hash'),
    time: z.string(),
    note: z.string().describe('C2SP signed note: the tlog-checkpoint, the log signature, then cosignatures'),
    cosignatures: z.array(z.object({ witness: z.string(), time: z.string() })),
    quorum: z.object({ needed: z.number().int(), have: z.number().int(), met: z.boolean() }),
  })
  .meta({ id: 'LedgerCheckpoint' });
const Record = z.object({
  seq: z.number().int(), time: z.string(), type: z.string(), subject: z.string().nullable(),
  data: z.unknown().optional(), private: z.string().optional().describe('base64 SHA-256(salt || JCS(data)) of a private record'),
}).meta({ id: 'LedgerRecord' });
const Opening = z.object({ salt: z.string(), data: z.unknown() });
const Entry = z
  .object({ index: z.number().int(), seq: z.number().int(), record: Record, leafHash: z.string(), private: z.enum(['held', 'erased']).nullable(), opening: Opening.optional() })
  .meta({ id: 'LedgerEntry' });
const Inclusion = z
  .object({
    kind: z.literal('twinward-inclusion-proof/v1'), origin: z.string(), index: z.number().int(), entry: Record, leafHash: z.string(),
    treeSize: z.number().int(), proof: z.array(z.string()), checkpoint: z.string(), opening: Opening.optional(),
  })
  .meta({ id: 'InclusionProof' });
const Consistency = z
  .object({
    kind: z.literal('twinward-consistency-proof/v1'), origin: z.string(), size1: z.number().int(), size2: z.number().int(),
    proof: z.array(z.string()), checkpoint1: z.string().optional(), checkpoint2: z.string().optional(), root1: z.string(), root2: z.string(),
  })
  .meta({ id: 'ConsistencyProof' });
const WitnessStatus = z.object({
  name: z.string(), verifierKey: z.string(), url: z.string().nullable(), cosignedSize: z.number().int().nullable(), cosignedAt: z.string().nullable(), lastError: z.string().nullable(),
});
const Status = z
  .object({
    origin: z.string(), verifierKey: z.string(), size: z.number().int(), root: z.string(), checkpoint: Checkpoint.nullable(), unsigned: z.number().int(),
    witnesses: z.array(WitnessStatus),
    witnessing: z.object({
      name: z.string(), verifierKey: z.string(),
      logs: z.array(z.object({ origin: z.string(), size: z.number().int().nullable(), time: z.string().nullable() })),
      refusals: z.array(z.object({ time: z.string(), origin: z.string(), code: z.string(), reason: z.string() })),
    }),
  })
  .meta({ id: 'LedgerStatus' });
const Problem = z.object({ index: z.number().int().optional(), range: z.tuple([z.number().int(), z.number().int()]).optional(), checkpoint: z.number().int().optional(), message: z.string() });
const Report = z
  .object({
    ok: z.boolean(), entries: z.number().int(), checkpoints: z.number().int(), against: z.object({ size: z.number().int(), time: z.string() }).nullable(),
    unsigned: z.number().int(), erased: z.number().int(), problems: z.array(Problem), firstBad: Problem.nullable(),
  })
  .meta({ id: 'LedgerVerifyReport' });
const Index = z.coerce.number().int().min(0);
const EraseBody = z.strictObject({
  seqs: z.array(z.number().int().positive()).min(1).max(10_000).describe('Event seqs of the private records to erase'),
  reason: z.string().trim().min(1).max(500).describe('Why (logged in the ledger): a right-to-erasure or retention request'),
  requestedBy: z.string().max(200).optional(),
});

/**
 * The ledger (src/ledger): status, checkpoints, entries, proofs an auditor
 * can check with the public key alone, erasure, a full verify; and the
 * C2SP tlog-witness endpoint through which other domains' logs ask this
 * node to cosign.
 */
export function ledgerRoutes(app: App, ctx: ApiContext): void {
  const nl = () => {
    if (!ctx.ledger) throw new ApiError('unavailable', 503, 'this node keeps no ledger');
    return ctx.ledger;
  };
  const asApi = (err: unknown): never => {
    if (err instanceof LedgerError) {
      if (err.code === 'no-entry' || err.code === 'no-checkpoint') throw new ApiError('not-found', 404, err.message);
      if (err.code === 'read-only') throw new ApiError('unavailable', 503, err.message);
      throw new ApiError('bad-request', 400, err.message);
    }
    throw err;
  };
  const guarded = <T>(fn: () => Promise<T>) => fn().catch(asApi);

  app.get('/api/ledger', {
    schema: { summary: 'The ledger: size, root, latest checkpoint, witnesses of this log and the logs this node witnesses', tags: ['ledger'], response: { 200: Status } },
    handler: async () => {
      const n = nl();
      const status = await n.ledger.status();
      const witnessed = await ctx.node.store.allWitnessed();
      const logs = ctx.node.twin.model.model.node.ledger.witnessFor.map((l) => {
        const w = witnessed.find((x) => x.origin === l.origin);
        return { origin: l.origin, size: w?.size ?? null, time: w?.time ?? null };
      });
      return { ...status, witnessing: { name: n.witnessName, verifierKey: n.witness.verifierKey, logs, refusals: [...n.refusals()] } };
    },
  });

  app.get('/api/ledger/key', {
    schema: {
      summary: "The log's public keys: its signed-note verifier key and its witness (cosignature/v1) key",
      tags: ['ledger'],
      response: { 200: z.object({ origin: z.string(), verifierKey: z.string(), witnessName: z.string(), witnessKey: z.string(), publicKeyPem: z.string() }) },
    },
    handler: async () => {
      const n = nl();
      return { origin: n.ledger.origin, verifierKey: n.ledger.verifierKey, witnessName: n.witnessName, witnessKey: n.witness.verifierKey, publicKeyPem: ctx.identity.public.publicKeyPem };
    },
  });

  app.get('/api/ledger/checkpoint', {
    schema: { summary: 'The latest signed checkpoint, with its cosignatures', tags: ['ledger'], response: { 200: Checkpoint } },
    handler: async () => {
      const cp = await nl().ledger.latestCheckpoint();
      if (!cp) throw new ApiError('not-found', 404, 'no checkpoint has been signed yet');
      return cp;
    },
  });

  app.get('/api/ledger/checkpoints', {
    schema: {
      summary: 'Signed checkpoints, newest first',
      tags: ['ledger'],
      querystring: z.object({ before: z.coerce.number().int().positive().optional().describe('Only sizes below this'), limit: z.coerce.number().int().min(1).max(1000).default(50) }),
      response: { 200: z.object({ items: z.array(Checkpoint) }) },
    },
    handler: async (req) => ({ items: await nl().ledger.checkpoints({ limit: req.query.limit, ...(req.query.before !== undefined ? { before: req.query.before } : {}) }) }),
  });

  app.post('/api/ledger/checkpoints', {
    schema: { summary: 'Sign a checkpoint of everything committed now (if the log grew) and ask the witnesses to cosign it', tags: ['ledger'], response: { 201: Checkpoint } },
    handler: async (_req, reply) => {
      const cp = await guarded(() => nl().ledger.checkpoint());
      return reply.code(201).send(cp);
    },
  });

  app.get('/api/ledger/checkpoints/:size', {
    schema: { summary: 'The checkpoint of one tree size', tags: ['ledger'], params: z.object({ size: Index }), response: { 200: Checkpoint } },
    handler: async (req) => {
      const cp = await nl().ledger.checkpointAt(req.params.size);
      if (!cp) throw new ApiError('not-found', 404, `no checkpoint of size ${req.params.size}`);
      return cp;
    },
  });

  app.get('/api/ledger/entries/:index', {
    schema: { summary: 'One entry (index = event seq - 1): the record its leaf commits to', tags: ['ledger'], params: z.object({ index: Index }), response: { 200: Entry } },
    handler: async (req) => guarded(() => nl().ledger.entry(req.params.index)),
  });

  app.get('/api/ledger/entries/:index/proof', {
    schema: {
      summary: 'Inclusion proof of an entry against a checkpoint (default: the latest; a newer entry gets a new checkpoint)',
      tags: ['ledger'],
      params: z.object({ index: Index }),
      querystring: z.object({
        size: z.coerce.number().int().positive().optional().describe('Prove against the checkpoint of this size'),
        opening: z.enum(['true', 'false']).default('true').describe("false: leave a private record's salt and data out (for a bundle that leaves the domain)"),
      }),
      response: { 200: Inclusion },
    },
    handler: async (req) => guarded(() => nl().ledger.prove(req.params.index, req.query.size, { opening: req.query.opening === 'true' })),
  });

  app.get('/api/ledger/consistency', {
    schema: {
      summary: 'Consistency proof between two tree sizes',
      tags: ['ledger'],
      querystring: z.object({ from: Index.describe('size1'), to: z.coerce.number().int().min(0).optional().describe('size2 (default: the latest checkpoint)') }),
      response: { 200: Consistency },
    },
    handler: async (req) => guarded(() => nl().ledger.consistency(req.query.from, req.query.to)),
  });

  app.post('/api/ledger/verify', {
    schema: { summary: 'Re-check the whole log against its checkpoints (re-hashes every entry)', tags: ['ledger'], response: { 200: Report } },
    handler: async () => nl().ledger.verify(),
  });

  app.post('/api/ledger/erasures', {
    schema: {
      summary: 'Erase private records: their data and salts are deleted, their leaves stay, the erasure is logged',
      tags: ['ledger'],
      body: EraseBody,
      response: { 201: z.object({ seq: z.number().int(), erased: z.array(z.number().int()), reason: z.string() }) },
    },
    handler: async (req, reply) => {
      const e = await guarded(() => ctx.node.erase(req.body.seqs, req.body.reason, req.body.requestedBy ?? null));
      if (e.type !== 'record.erased') throw new Error('erasure recorded as another event type');
      return reply.code(201).send({ seq: e.seq, erased: e.data.seqs, reason: e.data.reason });
    },
  });

  // C2SP tlog-witness: text in, text out (https://c2sp.org/tlog-witness).
  app.post('/api/witness/add-checkpoint', {
    schema: { summary: "Another domain's log asks this node to cosign a checkpoint (C2SP tlog-witness add-checkpoint)", tags: ['ledger'], body: z.string() },
    handler: async (req, reply) => {
      const { witness } = nl();
      let request;
      try {
        request = parseAddCheckpointBody(req.body);
      } catch (err) {
        if (err instanceof NoteError) return reply.code(400).type('text/plain; charset=utf-8').send(`${err.reason}\n`);
        throw err;
      }
      const r = await witness.addCheckpoint(request);
      if (r.ok) return reply.code(200).type('text/plain; charset=utf-8').send(r.cosignature);
      if (r.status === 409 && r.latestSize !== undefined) return reply.code(409).type('text/x.tlog.size').send(`${r.latestSize}\n`);
      return reply.code(r.status).type('text/plain; charset=utf-8').send(`${r.reason}\n`);
    },
  });
}
