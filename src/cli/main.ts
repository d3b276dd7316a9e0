#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { isTwinwardError } from '../common/errors.js';
import { demoCommand } from './commands/demo.js';
import { eventsCommand, type EventsOptions } from './commands/events.js';
import { tagsCommand } from './commands/tags.js';
import { schemaCommand } from './commands/schema.js';
import { serveCommand } from './commands/serve.js';
import { validateCommand } from './commands/validate.js';
import { EXIT, ExitError, processOutput, type Output } from './output.js';
import { version } from './paths.js';
import { parsePort } from './start-node.js';

/** Builds the CLI; each command is a thin wrapper over the library. */
export function buildCli(io: Output, setExit: (code: number) => void): Command {
  const program = new Command('twinward')
    .description('Twinward: a cybersecurity digital twin of cyber-physical systems and their service chains')
    .version(version)
    .showHelpAfterError('(run twinward --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();

  const run = (fn: () => Promise<number> | number) => async () => setExit(await fn());
  const dataOpt = () => new Option('--data <dir>', 'data directory (node key, embedded store)');
  const hostOpt = () => new Option('--host <address>', 'address to listen on').default('127.0.0.1');

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
    .addOption(hostOpt())
    .option('-p, --port <n>', 'HTTP port', parsePort, 8080)
    .action((opts: { model: string; store?: string; data: string; host: string; port: number }) => run(() => serveCommand(opts, io))());

  program
    .command('demo')
    .description('run the water-treatment demo on the embedded store (what npm start runs)')
    .addOption(dataOpt().default('twinward-data/demo'))
    .addOption(hostOpt())
    .option('-p, --port <n>', 'HTTP port', parsePort, 8080)
    .option('-m, --model <model>', 'another model to demo')
    .action((opts: { data: string; host: string; port: number; model?: string }) => run(() => demoCommand(opts, io))());

  const apiOpt = () => new Option('--api <url>', 'a running node').default('http://127.0.0.1:8080');
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
