/**
 * The shapes of the Twinward HTTP API as the console reads them. The console
 * talks only to the API (never imports the server's code), so these mirror
 * the server's response schemas (src/api/routes) by hand; fields the console
 * does not show are left out.
 */

export interface NodeInfo {
  domain: string;
  model: { name: string; hash: string };
  version: string;
  startedAt: string;
  identity: { algorithm: string; publicKey: string; publicKeyPem: string; keyId: string };
  store: { kind: string; location: string; seq: number; committed: number };
}

export interface List<T> {
  items: T[];
  total: number;
}

export interface Zone {
  id: string;
  name: string;
  domain: string;
  kind: string;
  purdueLevel?: number;
  securityLevel: { target: number; achieved?: number };
  description?: string;
  assets: string[];
}

export interface Flow {
  protocol: string;
  port?: number;
  transport: 'tcp' | 'udp';
  direction: 'one-way' | 'bidirectional';
  initiator: string;
  description?: string;
}

export interface Conduit {
  id: string;
  name?: string;
  zones: [string, string];
  securityLevel?: number;
  via: string[];
  flows: Flow[];
  description?: string;
}

export type AssetStatus = 'unknown' | 'online' | 'offline' | 'lost';

export interface AssetState {
  status: AssetStatus;
  since: string | null;
  lastSeen: string | null;
}

export interface Vulnerability {
  cve: string;
  cvss?: string;
  exploited: boolean;
  description?: string;
}

export interface Asset {
  id: string;
  name: string;
  kind: string;
  domain: string;
  zone: string;
  addresses: { ip?: string; mac?: string; hostname?: string }[];
  vendor?: string;
  product?: string;
  version?: string;
  cpe?: string;
  vulnerabilities: Vulnerability[];
  criticality: string;
  dataClasses: string[];
  description?: string;
  state: AssetState;
  services: string[];
  tags: string[];
}

export interface Service {
  id: string;
  name: string;
  domain: string;
  runsOn: string[];
  criticality: string;
  dependents: string[];
}

export type Quality = 'good' | 'uncertain' | 'bad';

export interface TagValue {
  value: number;
  time: string;
  quality: Quality;
  source: string;
}

export interface Tag {
  id: string;
  name?: string;
  kind: string;
  processUnit?: string;
  quantity: string;
  unit: string;
  range: { min: number; max: number };
  nominal?: number;
  samplePeriod: number;
  asset: string;
  /** Alarm (low/high) and trip (lowLow/highHigh) limits, in the tag's unit. */
  limits?: Partial<Record<LimitName, number>>;
  current: TagValue | null;
}

export type LimitName = 'lowLow' | 'low' | 'high' | 'highHigh';

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** An ATT&CK technique an alert indicates: https://attack.mitre.org/techniques/<id>/. */
export interface TechniqueRef {
  id: string;
  name: string;
}

/** What detection concluded (GET /api/alerts, or an alert.raised event). */
export interface Alert {
  id: string;
  seq: number;
  time: string;
  severity: Severity;
  score: number;
  message: string;
  detectors: string[];
  assets: string[];
  tags: string[];
  techniques: TechniqueRef[];
  /** What the detector saw: observed and expected values, the window, the causing events. */
  evidence: Record<string, unknown>;
  /** Seq of the event that caused it. */
  cause: number;
  incident: string;
}

export interface AlertPage {
  items: Alert[];
  next: { after?: number; before?: number } | null;
}

/** Related alerts grouped (GET /api/incidents). */
export interface Incident {
  id: string;
  title: string;
  seq: number;
  firstAlert: string;
  lastAlert: string;
  /** How many alerts it groups. */
  alerts: number;
  /** The highest severity among its alerts. */
  severity: Severity;
  assets: string[];
  techniques: TechniqueRef[];
  firstTime: string;
  lastTime: string;
  /** Seq of its newest alert. */
  lastSeq: number;
}

/** An event of the log. `data` depends on `type`; read it through the guards in state/events.ts. */
export interface TwinEvent {
  seq: number;
  time: string;
  type: string;
  subject: string | null;
  data: Record<string, unknown>;
  /** A private record whose data was erased: it keeps its place in the log, `data` is empty. */
  erased?: boolean;
}

export interface EventPage {
  items: TwinEvent[];
  next: { after?: number; before?: number } | null;
}

/** One WebSocket message of /api/stream. */
export interface StreamMessage {
  kind: 'event';
  event: TwinEvent;
}

/** States a connector reports; a newer node may send others, which the console shows as errors. */
export type ConnectorState = 'connected' | 'reconnecting' | 'disconnected' | 'stopped' | 'error' | 'starting' | 'unknown';

/** One live link to the field, as GET /api/connectors lists it. */
export interface Connector {
  name: string;
  state: string;
  since: string | null;
  detail: string | null;
  /** Running totals since the node started (messages, readings, reconnects...). */
  counters: Record<string, number>;
}

/** The kinds of drift.detected the node emits today; unknown kinds are still shown. */
export type DriftKind = 'stale-tag' | 'out-of-range' | 'unknown-source' | 'unknown-device' | 'flow-not-allowed' | 'unauthorized-write' | 'unexpected-function';

/** A signed head of the ledger's Merkle tree (GET /api/ledger/checkpoint, /api/ledger/checkpoints). */
export interface LedgerCheckpoint {
  size: number;
  /** base64 root hash. */
  root: string;
  time: string;
  /** The C2SP signed note: the tlog-checkpoint text, the log's signature, then the witnesses' cosignatures. */
  note: string;
  cosignatures: { witness: string; time: string }[];
  quorum: { needed: number; have: number; met: boolean };
}

/** A witness of this node's log: another domain that cosigns its checkpoints. */
export interface LedgerWitness {
  name: string;
  verifierKey: string;
  url: string | null;
  cosignedSize: number | null;
  cosignedAt: string | null;
  lastError: string | null;
}

/** GET /api/ledger: the log, its latest checkpoint, its witnesses, and the other logs this node witnesses. */
export interface LedgerStatus {
  origin: string;
  verifierKey: string;
  size: number;
  root: string;
  checkpoint: LedgerCheckpoint | null;
  /** Entries appended after the latest checkpoint. */
  unsigned: number;
  witnesses: LedgerWitness[];
  witnessing: {
    name: string;
    verifierKey: string;
    logs: { origin: string; size: number | null; time: string | null }[];
    refusals: { time: string; origin: string; code: string; reason: string }[];
  };
}

/** GET /api/ledger/key: the log's signed-note verifier key and its witness key. */
export interface LedgerKey {
  origin: string;
  verifierKey: string;
  witnessName: string;
  witnessKey: string;
  publicKeyPem: string;
}

/** Body of POST /api/attack/paths; every field optional (the node's defaults). */
export interface PathsQuery {
  entries?: string[];
  goals?: string[];
  k?: number;
  harden?: boolean;
}

/** One step of an attack path: a rule of the attack graph, where the attacker stood and what it acts on. */
export interface AttackStep {
  step: string;
  technique?: string;
  /** An asset, `zone:<id>` or an entry point. */
  from?: string;
  /** An asset, process unit, service or account. */
  to: string;
  domain?: string;
  hours: number;
  probability: number;
}

export interface AttackPath {
  goal: string;
  entry: string;
  steps: AttackStep[];
  hours: number;
  probability: number;
  /** Assets the attacker takes, in order. */
  assets: string[];
  domains: string[];
}

export interface AttackGoal {
  goal: string;
  facts: string[];
  reachable: boolean;
  mostLikely: AttackPath[];
  cheapest: AttackPath[];
}

export interface ChokePoint {
  fact: string;
  subject?: string;
  domain?: string;
  cuts: string[];
}

export interface HardeningPlan {
  changes: { kind: string; target: string; cost: number; removes: string }[];
  cost: number;
  /** True when proven least-cost; false when the greedy bound was used. */
  optimal: boolean;
  uncuttable: string[];
  rounds: number;
}

/** POST /api/attack/paths: the analysis of the node's model. */
export interface PathsReport {
  model: string;
  entries: string[];
  graph: { nodes: number; edges: number; facts: number; rules: number; primitives: number };
  goals: AttackGoal[];
  reachableFacts: string[];
  chokePoints: ChokePoint[];
  hardening?: HardeningPlan;
  /** ATT&CK for ICS technique names by id, for the techniques on the paths. */
  techniques: Record<string, string>;
}

/** POST /api/risk: a fresh assessment; every field has a default. */
export interface RiskQuery {
  horizonHours?: number;
  runs?: number;
  seed?: number;
  entries?: string[];
}

export type Criticality = 'low' | 'medium' | 'high' | 'critical';

/** Risk per owner of the node's model (src/risk RiskReport). */
export interface RiskReport {
  model: string;
  horizonHours: number;
  runs: number;
  seed: number;
  entries: string[];
  assets: { asset: string; domain: string; kind: string; criticality: Criticality; probability: number; p50Hours?: number; expectedLoss: number }[];
  /** Outage within the horizon; `throughDependency` is the share (0..1) of it where only a required dependency failed the service. */
  services: { service: string; domain: string; criticality: Criticality; probability: number; throughDependency: number; p50Hours?: number; expectedLoss: number }[];
  /** Posture 0-100, 100 = nothing at risk. */
  domains: { domain: string; expectedLoss: number; maximumLoss: number; posture: number; topRisks: string[] }[];
  totalExpectedLoss: number;
  method: string;
}

export type RiskChange = 'model-loaded' | 'flows-observed';

export interface PostureSnapshot {
  time: string;
  reason: RiskChange;
  detail: string;
  totalExpectedLoss: number;
  domains: { domain: string; posture: number; expectedLoss: number }[];
}

/** GET /api/risk: the latest background assessment and the posture history. */
export interface RiskState {
  latest: RiskReport | null;
  history: PostureSnapshot[];
  pending: boolean;
  observedFlows: number;
}

/** Time to an event over Monte Carlo runs, in hours; `cdf` is the share of runs in which it had happened by each of the campaign's `times`. */
export interface Distribution {
  probability: number;
  mean?: number;
  p10?: number;
  p50?: number;
  p90?: number;
  cdf: number[];
}

/** A limit passed after a takeover (seconds after it). */
export interface ImpactCrossing {
  at: number;
  tag: string;
  unit: string;
  limit: LimitName;
  severity: 'trip' | 'alarm';
  threshold: number;
  reached: number;
  excess: number;
}

/** The plant simulator's account of one takeover (src/attack physicalImpact); the fields the console shows. */
export interface ImpactReport {
  assets: string[];
  takeoverAt: number;
  horizon: number;
  timeline: ImpactCrossing[];
  firstUnsafe?: ImpactCrossing;
  trend: { times: number[]; series: { tag: string; unit: string; limits: Partial<Record<LimitName, number>>; values: number[] }[] };
  notes: string[];
  summary: string;
}

export interface ScenarioTakeover {
  asset: string;
  domain: string;
  probability: number;
  medianHours: number;
  firstTaken: number;
}

/** POST /api/attack/simulate: an attack scenario run on the node's model. */
export interface ScenarioResult {
  scenario: string;
  kind: 'apt' | 'ransomware' | 'supply-chain' | 'zero-day';
  entries: string[];
  goals: string[];
  campaign: {
    runs: number;
    seed: number;
    horizonHours: number;
    times: number[];
    goals: { goal: string; reached: Distribution }[];
    assets: { asset: string; domain?: string; compromised: Distribution }[];
    detected: number;
  };
  spread?: { times: number[]; mean: number[]; p90: number[]; hosts: number };
  services?: { service: string; domain: string; outage: Distribution; throughDependency: number }[];
  sweep?: { asset: string; domain: string; newGoals: string[]; likelihoodGain: number }[];
  impact?: { horizonSeconds: number; takeovers: ScenarioTakeover[]; simulated: (ScenarioTakeover & { report: ImpactReport; sentence: string })[]; summary: string };
}

/** GET /api/attack/scenarios: an example scenario file beside the node's model. */
export interface ScenarioFile {
  file: string;
  name: string;
  kind: string;
  description?: string;
  scenario: Record<string, unknown>;
}

/** Body of POST /api/attack/simulate: a scenario object or a file name, and overrides. */
export interface SimulateQuery {
  scenario?: Record<string, unknown>;
  file?: string;
  runs?: number;
  seed?: number;
}
