#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { isTwinwardError } from '../common/errors.js';
import type { DemoOptions } from './commands/demo.js';
import { eventsCommand, type EventsOptions } from './commands/events.js';
import type { FlowsCliOptions } from './commands/flows.js';
import type { ReplayCliOptions } from './commands/replay.js';
import type { SimulatePlantOptions } from './commands/simulate-plant.js';
import { tagsCommand } from './commands/tags.js';
import { schemaCommand } from './commands/schema.js';
import type { ServeOptions } from './commands/serve.js';
import { validateCommand } from './commands/validate.js';
import { listArg, numberArg, repeatArg, seedArg, wholeArg } from './options.js';
import { EXIT, ExitError, processOutput, type Output } from './output.js';
import { version } from './paths.js';
import { parsePort } from './start-node.js';

/**
 * Builds the CLI; each command is a thin wrapper over the library. Commands
 * that need the protocol stacks load them when run: node-opcua alone takes
 * a while to load and prints a notice, which must not reach the output of
 * `validate` or `schema`.
 */
export function buildCli(io: Output, setExit: (code: number) => void): Command {
  const program = new Command('twinward')
    .description('Twinward: a cybersecurity digital twin of cyber-physical systems and their service chains')
    .version(version)
    .showHelpAfterError('(run twinward --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();

  const run = (fn: () => Promise<number> | number) => async () => setExit(await fn());
  /** Paths per goal and measure that -k takes (paths, whatif). */
  const MAX_K = 50;
  /** Monte Carlo runs that --runs takes (the scenario language's bound). */
  const MAX_RUNS = 1_000_000;
  const dataOpt = () => new Option('--data <dir>', 'data directory (node key, embedded store)');
  const hostOpt = () => new Option('--host <address>', 'address to listen on').default('127.0.0.1');
  const durabilityOpt = () =>
    new Option('--durability <policy>', 'full: an event (and its ledger leaf) is acknowledged once on disk; normal: once in the database log (survives a killed node, not a power loss)')
      .choices(['full', 'normal'])
      .default('full');
  const maxBatchOpt = () =>
    new Option('--max-batch <n>', 'most events per store transaction (concurrent inputs are group-committed)').default(5000).argParser(wholeArg('--max-batch', 1, 100_000));

  program
    .command('validate')
    .description('check a twin model; prints every problem as file:line:col path: message')
    .argument('<model>', 'model file (.yaml, .yml, .json) or directory of model files')
    .option('-q, --quiet', 'print nothing when the model is valid')
    .action((model: string, opts: { quiet?: boolean }) => run(() => validateCommand(model, opts, io))());

  program
    .command('schema')
    .description("print the model language's JSON Schema (for editor autocompletion)")
    .action(run(() => schemaCommand(io)));

  program
    .command('serve')
    .description('run a twin node: load the model, rebuild state from the store, serve the API and console')
    .requiredOption('-m, --model <model>', 'model file or directory')
    .option('-s, --store <url>', 'postgres://user@host:port/database[?schema=name]; default: embedded store in the data directory')
    .addOption(dataOpt().default('twinward-data/node'))
    .addOption(durabilityOpt())
    .addOption(maxBatchOpt())
    .addOption(hostOpt())
    .option('-p, --port <n>', 'HTTP port', parsePort, 8080)
    .option('--mqtt <url>', 'subscribe to the plant over MQTT (JSON and Sparkplug B topics of the bindings)')
    .option('--mqtt-client-id <id>', 'fixed client id of the persistent session (default twinward-<domain>)')
    .option('--modbus <asset=host:port>', 'poll a PLC over Modbus TCP (repeatable)', repeatArg)
    .option('--opcua <endpoint>', 'subscribe to an OPC UA server (opc.tcp://host:port)')
    .option('--flows <file>', 'follow a flow log: Zeek conn.log/modbus.log JSON or JSON lines; - for stdin (repeatable)', repeatArg)
    .option('--stale-after <n>', 'sample periods without a reading before a tag is stale', numberArg('--stale-after'), 3)
    .action((opts: ServeOptions) => run(async () => (await import('./commands/serve.js')).serveCommand(opts, io))());

  program
    .command('demo')
    .description('run the water-treatment demo on the embedded store (what npm start runs)')
    .addOption(dataOpt().default('twinward-data/demo'))
    .addOption(durabilityOpt())
    .addOption(maxBatchOpt())
    .addOption(hostOpt())
    .option('-p, --port <n>', 'HTTP port', parsePort, 8080)
    .option('-m, --model <model>', 'another model to demo')
    .option('-s, --scenario <file>', 'inject an attack or fault scenario during the demo (examples/scenarios)')
    .option('--seed <n>', 'simulator seed', seedArg)
    .option('--speed <x>', 'simulated seconds per second (default 1)', numberArg('--speed'))
    .option('--mqtt-port <n>', 'embedded MQTT broker port', parsePort, 1884)
    .option('--modbus-port <n>', 'first Modbus TCP device server port (one per PLC)', parsePort, 15020)
    .option('--opcua-port <n>', 'OPC UA server port', parsePort, 48400)
    .action((opts: DemoOptions) => run(async () => (await import('./commands/demo.js')).demoCommand(opts, io))());

  const apiOpt = () => new Option('--api <url>', 'a running node').default('http://127.0.0.1:8080');

  program
    .command('simulate-plant')
    .description('run the plant simulator for a model, optionally with an attack/fault scenario; writes a labelled CSV')
    .requiredOption('-m, --model <model>', 'model file or directory')
    .option('-s, --scenario <file>', 'scenario file (injections with ground-truth labels)')
    .option('-d, --duration <s>', 'simulated seconds (default: the scenario\'s, else 600)', numberArg('--duration'))
    .option('--seed <n>', 'random seed (default: the scenario\'s, else 1)', seedArg)
    .option('--csv <file>', 'write the labelled CSV to a file, or - for stdout')
    .option('--interval <s>', 'CSV row interval (default: the smallest sample period)', numberArg('--interval'))
    .option('--speed <x>', 'run in real time times x instead of as fast as possible', numberArg('--speed'))
    .action((opts: SimulatePlantOptions) => run(async () => (await import('./commands/simulate-plant.js')).simulatePlantCommand(opts, io))());

  program
    .command('simulate')
    .description('run an attack scenario file on a model: Monte Carlo time to each goal, assets taken, ransomware spread and services down, zero-day sweep, physical impact')
    .requiredOption('-m, --model <model>', 'model file or directory')
    .requiredOption('-s, --scenario <file>', 'attack scenario (attack: 1; kind apt, ransomware, supply-chain or zero-day); see examples/*/scenarios')
    .option('--runs <n>', "Monte Carlo runs (default: the scenario's)", wholeArg('--runs', 1, MAX_RUNS))
    .option('--seed <n>', "random seed (default: the scenario's)", seedArg)
    .option('--json', 'print the ScenarioResult as JSON')
    .action((opts: import('./commands/simulate.js').SimulateOptions) => run(async () => (await import('./commands/simulate.js')).simulateCommand(opts, io))());

  program
    .command('paths')
    .description('attack paths of a model: the most likely and cheapest paths from entry points to goals, choke points, least-cost hardening')
    .requiredOption('-m, --model <model>', 'model file or directory')
    .option('--from <entries>', 'entry points, comma-separated: internet, phishing:<asset>, domain:<id>, supply-chain:<domain>, insider:<account>, asset:<id> (default: the internet, office phishing, every other owner)', listArg)
    .option('--to <goals>', 'goals, comma-separated: unit:<id>, asset:<id>, service:<id>, data:<class> (default: every unit, critical services, personal data)', listArg)
    .option('-k <n>', 'paths per goal, most likely and cheapest (default 3)', wholeArg('-k', 1, MAX_K))
    .option('--no-harden', 'skip the least-cost hardening plan')
    .option('--json', 'the full report as JSON')
    .option('--dot <file>', 'write the part of the attack graph the attacker reaches as Graphviz DOT')
    .option('--graph-json <file>', 'write the whole attack graph as JSON (each node marked holds: true/false)')
    .action((opts: import('./commands/paths.js').PathsOptions) => run(async () => (await import('./commands/paths.js')).pathsCommand(opts, io))());

  program
    .command('risk')
    .description('risk per owner of a model: expected loss and posture of each domain, the services (also through dependencies on other owners) and assets at most risk')
    .requiredOption('-m, --model <model>', 'model file or directory')
    .option('--horizon <hours>', 'count outages and compromises within this many hours (default 720)', numberArg('--horizon'))
    .option('--runs <n>', 'Monte Carlo runs (default 2000)', numberArg('--runs'))
    .option('--seed <n>', 'random seed (default 1)', seedArg)
    .option('--from <entries>', 'entry points, comma-separated: internet, phishing:<asset>, domain:<id>, supply-chain:<domain>, insider:<account>, asset:<id> (default: the internet and phishing, in every domain)', listArg)
    .option('--json', 'print the RiskReport as JSON')
    .action((opts: import('./commands/risk.js').RiskCliOptions) => run(async () => (await import('./commands/risk.js')).riskCommand(opts, io))());

  program
    .command('whatif')
    .description('what-if: apply a change set (patch, close a flow, add MFA, a new CVE...) to a fork of the model and show the difference in attack paths, per goal and per owner')
    .requiredOption('-m, --model <model>', 'model file or directory (only read: the changes go to a copy)')
    .requiredOption('-c, --changes <file>', 'change set, YAML or JSON (whatif: 1, name, changes); see examples/*/changes')
    .option('--from <entries>', 'entry points, comma-separated (default: the internet, office phishing, every other owner)', listArg)
    .option('--to <goals>', 'goals, comma-separated: unit:<id>, asset:<id>, service:<id>, data:<class> (default: every unit, critical services, personal data)', listArg)
    .option('-k <n>', 'paths per goal compared, most likely and cheapest (default 3)', wholeArg('-k', 1, MAX_K))
    .option('--impact', 'simulate the process outcome of taking each controller whose takeover odds move (seconds each)')
    .option('--risk', 'expected loss and posture per owner before and after (Monte Carlo)')
    .option('--runs <n>', 'with --risk: Monte Carlo runs per side (default 2000)', wholeArg('--runs', 1, MAX_RUNS))
    .option('--seed <n>', 'seed of the risk runs and impact simulations (default 1)', seedArg)
    .option('--json', 'print the WhatIfReport as JSON')
    .action((opts: import('./commands/whatif.js').WhatIfCliOptions) => run(async () => (await import('./commands/whatif.js')).whatIfCommand(opts, io))());

  program
    .command('replay')
    .description('replay a recorded CSV (SKAB or generic time + tag columns) into a running node')
    .requiredOption('-m, --model <model>', 'the model whose tags the columns map to')
    .requiredOption('--data <csv>', 'the recording')
    .option('--format <format>', 'skab or generic', 'generic')
    .option('--speed <n|max>', '1 = real time, N = N times faster, max = as fast as possible', '1')
    .addOption(apiOpt())
    .option('--retime', 'stamp readings from now on instead of the recorded times')
    .option('--time-column <name>', 'generic: the time column')
    .option('--separator <sep>', 'generic: comma, semicolon or tab (default: detected)')
    .option('--exclude <columns>', 'columns not to replay (repeatable, or comma-separated)', listArg)
    .option('--map <column=tag>', 'map a column to a tag id (repeatable, or comma-separated)', listArg)
    .option('--out-of-order <policy>', 'rows older than the previous one: skip, keep or fail', 'skip')
    .option('--batch <n>', 'readings per request (at most 10,000, the API\'s limit)', wholeArg('--batch', 1, 10_000))
    .option('--dry-run', 'read and check the file, send nothing')
    .action((opts: ReplayCliOptions) => run(async () => (await import('./commands/replay.js')).replayCommand(opts, io))());

  program
    .command('flows')
    .description('parse flow logs (Zeek conn.log / modbus.log as JSON, generic JSON flow records) and show the observations')
    .argument('<files...>', 'flow logs; - reads standard input')
    .option('--format <format>', 'auto, generic, zeek-conn or zeek-modbus', 'auto')
    .option('-f, --follow', 'keep reading as the files grow, until Ctrl+C')
    .option('--from-end', 'with --follow: only what is appended from now on')
    .option('--json', 'normalized observations as JSON lines on stdout')
    .option('--api <url>', 'send the observations to a running node and print the drift it finds')
    .action((files: string[], opts: Omit<FlowsCliOptions, 'files'>) => run(async () => (await import('./commands/flows.js')).flowsCommand({ ...opts, files }, io))());
  program
    .command('events')
    .description("a running node's newest events, oldest first; --follow streams new ones")
    .addOption(apiOpt())
    .option('-t, --type <types>', 'comma-separated event types, e.g. asset.status,reading.rejected')
    .option('-s, --subject <id>', 'only events about this asset or tag')
    .option('-n, --limit <n>', 'how many past events', '20')
    .option('-f, --follow', 'keep streaming new events until Ctrl+C')
    .option('--json', 'one JSON event per line')
    .action((opts: EventsOptions) => run(() => eventsCommand(opts, io))());

  program
    .command('tags')
    .description("a running node's tags with their current value, quality and age")
    .addOption(apiOpt())
    .option('-a, --asset <id>', 'only tags of this asset')
    .option('--json', 'JSON instead of a table')
    .action((opts: { api: string; asset?: string; json?: boolean }) => run(() => tagsCommand(opts, io))());

  program
    .command('alerts')
    .description("a running node's newest alerts, oldest first; --follow prints new ones as detection raises them")
    .addOption(apiOpt())
    .option('-a, --asset <id>', 'only alerts involving this asset')
    .option('-t, --tag <id>', 'only alerts about this tag')
    .option('-s, --severity <list>', 'comma-separated severities: low, medium, high, critical')
    .option('--technique <id>', 'only alerts indicating this ATT&CK technique, e.g. T0855')
    .option('-i, --incident <id>', 'only alerts of this incident')
    .option('--since <time>', 'only alerts at or after this ISO time')
    .option('-n, --limit <n>', 'how many past alerts', '20')
    .option('-f, --follow', 'keep printing new alerts until Ctrl+C')
    .option('--json', 'one JSON alert per line')
    .action((opts: import('./commands/alerts.js').AlertsOptions) => run(async () => (await import('./commands/alerts.js')).alertsCommand(opts, io))());
  program
    .command('incidents')
    .description("a running node's incidents (related alerts grouped), the most recently active first")
    .addOption(apiOpt())
    .option('--json', 'JSON instead of a table')
    .action((opts: { api: string; json?: boolean }) => run(async () => (await import('./commands/alerts.js')).incidentsCommand(opts, io))());
  program
    .command('incident')
    .description('one incident: its severity, assets, ATT&CK techniques and alerts')
    .argument('<id>', 'incident id, as `twinward incidents` lists it')
    .addOption(apiOpt())
    .option('--json', 'JSON instead of text')
    .action((id: string, opts: { api: string; json?: boolean }) => run(async () => (await import('./commands/alerts.js')).incidentCommand(id, opts, io))());

  program
    .command('train')
    .description("train the model's detection groups on normal data; saves a new version in the data directory")
    .requiredOption('-m, --model <model>', 'model file or directory (its detection.groups)')
    .requiredOption('--data <csv|store>', 'a CSV of normal operation (a column per tag, a time column), or "store" for the node\'s own event log')
    .option('-g, --group <id>', 'only this group (repeatable); default: every group', repeatArg)
    .option('--data-dir <dir>', 'the node\'s data directory (where versions are saved)', 'twinward-data/node')
    .option('-s, --store <url>', 'with --data store: the node\'s PostgreSQL store (default: its embedded store)')
    .option('--since <time>', 'with --data store: readings from this ISO time')
    .option('--until <time>', 'with --data store: readings before this ISO time')
    .option('--label <column>', 'a 0/1 column whose 1-rows are left out of training', 'label')
    .option('--time <column>', 'the CSV time column')
    .option('--sep <sep>', 'CSV separator: comma, semicolon or tab')
    .option('--activate', 'make the new version active even if the group already runs one')
    .action((opts: import('./commands/train.js').TrainOptions) => run(async () => (await import('./commands/train.js')).trainCommand(opts, io))());
  const detectors = program.command('detectors').description('trained detector versions in a data directory');
  detectors
    .command('list', { isDefault: true })
    .description('every saved version, which is active')
    .option('--data-dir <dir>', 'the node\'s data directory', 'twinward-data/node')
    .option('--json', 'JSON instead of a table')
    .action((opts: { dataDir: string; json?: boolean }) => run(async () => (await import('./commands/train.js')).detectorsListCommand(opts, io))());
  detectors
    .command('activate')
    .description('make a saved version the one its group runs (at the node\'s next start)')
    .argument('<group>', 'detection group id')
    .argument('<version>', 'version number (3 or v3)')
    .option('--data-dir <dir>', 'the node\'s data directory', 'twinward-data/node')
    .action((group: string, version: string, opts: { dataDir: string }) => run(async () => (await import('./commands/train.js')).detectorsActivateCommand(group, version, opts, io))());

  type L = import('./commands/ledger.js').LedgerOptions;
  const ledgerCmd = () => import('./commands/ledger.js');
  const ledger = program.command('ledger').description("the node's tamper-evident ledger: status, proofs, verification, checkpoints, erasure");
  /** Where the ledger is: the node's store (read beside it) or, with --api, the running node. */
  const where = (c: Command) =>
    c
      .option('--api <url>', 'ask a running node instead of reading its store')
      .option('-m, --model <model>', "the node's model (its ledger settings); default: the origin of the latest checkpoint")
      .option('--data-dir <dir>', "the node's data directory (node key, embedded store)", 'twinward-data/node')
      .option('-s, --store <url>', "the node's PostgreSQL store (default: its embedded store)")
      .option('--json', 'JSON instead of text');
  where(ledger.command('status', { isDefault: true }).description('size, root, latest checkpoint, witnesses')).action((o: L) => run(async () => (await ledgerCmd()).ledgerStatusCommand(o, io))());
  where(
    ledger
      .command('prove')
      .description('an entry, its inclusion proof and the signed checkpoint it is proved against')
      .argument('<entry>', 'entry index (0-based) or seq:<n> for an event seq')
      .option('--size <n>', 'prove against the checkpoint of this size (default: the latest)')
      .option('-o, --out <file>', 'also write the proof bundle as JSON (for `twinward ledger check`)')
      .option('--no-opening', "leave a private record's salt and data out of the bundle (to share it outside the domain)"),
  ).action((entry: string, o: L & { size?: string; out?: string; opening?: boolean }) => run(async () => (await ledgerCmd()).ledgerProveCommand(entry, o, io))());
  where(
    ledger
      .command('consistency')
      .description('the consistency proof between two tree sizes')
      .argument('<size1>', 'the older tree size')
      .argument('[size2]', 'the newer tree size (default: the latest checkpoint)')
      .option('-o, --out <file>', 'also write the proof bundle as JSON'),
  ).action((a: string, b: string | undefined, o: L & { out?: string }) => run(async () => (await ledgerCmd()).ledgerConsistencyCommand(a, b, o, io))());
  where(ledger.command('verify').description('re-check the whole log against its checkpoints; exits 1 naming the first bad entry')).action((o: L) =>
    run(async () => (await ledgerCmd()).ledgerVerifyCommand(o, io))());
  where(ledger.command('checkpoint').description('sign a checkpoint now (through --api while the node runs)')).action((o: L) => run(async () => (await ledgerCmd()).ledgerCheckpointCommand(o, io))());
  where(
    ledger
      .command('erase')
      .description('erase private records (data and salt deleted, leaves kept, erasure logged); through the running node')
      .argument('<seq...>', 'event seqs of the private records')
      .requiredOption('--reason <text>', 'why: a right-to-erasure or retention request (logged)')
      .option('--requested-by <who>', 'who asked (logged)'),
  ).action((seqs: string[], o: L & { reason: string; requestedBy?: string }) => run(async () => (await ledgerCmd()).ledgerEraseCommand(seqs, o, io))());
  ledger
    .command('check')
    .description('standalone verifier: a proof bundle and the log public key, nothing else')
    .argument('<proof.json>', 'an inclusion or consistency proof bundle (from `ledger prove -o` or the API)')
    .requiredOption('--key <key|file|url>', "the log's verifier key, a file holding it, or a node URL to fetch it from")
    .option('--checkpoint <file>', 'a signed checkpoint obtained elsewhere (a witness): the proof must agree with it')
    .option('--json', 'JSON instead of text')
    .action((file: string, o: { key: string; checkpoint?: string; json?: boolean }) => run(async () => (await ledgerCmd()).ledgerCheckCommand(file, o, io))());

  const evaluate = program.command('eval').description('score the detectors on labelled data (SKAB protocol, or any labelled CSV)');
  evaluate
    .command('skab')
    .description('the published SKAB protocol: first 400 rows of each labelled file train, the rest is scored point-wise, pooled')
    .requiredOption('--data <dir>', 'the SKAB data folder (valve1/, valve2/, other/)')
    .option('--detector <name>', 'pca, pca-forward, pca-in-sample, regression, autoencoder or ensemble', 'pca')
    .option('--out <file>', 'write the per-file counts as JSON')
    .action((opts: { data: string; detector?: string; out?: string }) => run(async () => (await import('./commands/eval.js')).evalSkabCommand(opts, io))());
  evaluate
    .command('csv')
    .description('the same detectors on any labelled time-series CSV (label 1 = anomaly)')
    .requiredOption('--train <csv>', 'normal data to train on')
    .requiredOption('--test <csv>', 'labelled data to score')
    .requiredOption('--label <column>', 'the 0/1 label column')
    .option('--time <column>', 'the time column')
    .option('--sep <sep>', 'comma, semicolon or tab')
    .option('--exclude <columns>', 'columns to leave out (repeatable or comma-separated)', listArg)
    .option('--detector <name>', 'pca, pca-forward, pca-in-sample, regression, autoencoder or ensemble', 'pca')
    .option('--out <file>', 'write time, score and 0/1 decision per test row as CSV')
    .action((opts: { train: string; test: string; label: string; time?: string; sep?: string; exclude?: string[]; detector?: string; out?: string }) =>
      run(async () => (await import('./commands/eval.js')).evalCsvCommand(opts, io))());

  evaluate
    .command('scenarios')
    .description("the simulator's labelled attack and fault scenarios through the twin and its detectors")
    .requiredOption('-m, --model <model>', 'the model the scenarios run on')
    .option('-s, --scenario <file>', 'a scenario file (repeatable); default: every example scenario that fits the model', repeatArg)
    .option('--seed <n>', 'simulator seed', seedArg)
    .option('--train-seconds <s>', 'simulated seconds of normal operation the detection groups train on first; 0 for rules only', numberArg('--train-seconds'), 10_800)
    .action((opts: { model: string; scenario?: string[]; seed?: number }) => run(async () => (await import('./commands/eval-scenarios.js')).evalScenariosCommand(opts, io))());

  return program;
}

/** Runs the CLI; user errors print one clear line, never a stack trace. */
export async function main(argv: string[], io: Output = processOutput): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildCli(io, (c) => (code = c));
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (err instanceof ExitError) {
      io.err(`twinward: ${err.message}`);
      return err.exitCode;
    }
    if (isTwinwardError(err)) {
      io.err(`twinward: ${err.message}`);
      return EXIT.failure;
    }
    io.err(`twinward: unexpected error: ${(err as Error).message ?? String(err)}`);
    if (process.env.TWINWARD_DEBUG) io.err((err as Error).stack ?? '');
    else io.err('  (set TWINWARD_DEBUG=1 for details; please report this as a bug)');
    return EXIT.failure;
  }
}

// Run when executed directly (`node --import tsx src/cli/main.ts ...` in development).
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  process.exitCode = await main(process.argv);
}
