#!/usr/bin/env node
// The entry point: builds the command line, runs one command, and maps every failure to one line on
// stderr and an exit code (errors.ts). A stack trace is printed only for a bug, or with --verbose. Only the
// command that runs is loaded (commands/index.ts).
import { Command, CommanderError } from 'commander';
import { causeChain, DockerwasmError, exitCodeOf, isDockerwasmError, messageOf } from '../errors.js';
import { enableDebug } from '../io/debug-log.js';
import { toolVersion } from '../io/tool-version.js';
import { commands } from './commands/index.js';
import { installInterruptHandlers, interruptSignal, outputPipeClosed, stopOnClosedPipe } from './interrupts.js';

/** The command a command line runs (`help <command>` asks for its help), if it names one. */
function commandNamed(args: string[]): string | undefined {
  const words = args.filter((arg) => !arg.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return commands.some((command) => command.name === name) ? name : undefined;
}

async function buildProgram(args: string[]): Promise<Command> {
  const program = new Command('dockerwasm')
    .description(
      'Is a Wasm container better than a Linux container for a real workload? dockerwasm builds one program ' +
        'natively and to wasm32-wasip1, packs each into an image, runs them under every runtime the Docker ' +
        'engine offers, and reports build time, image size and run time with honest statistics.',
    )
    .version(toolVersion(), '-V, --version')
    .option('-v, --verbose', 'show debug logs and the full cause of an error')
    .showSuggestionAfterError(true)
    .configureOutput({
      // our value parsers quote the bad value themselves, so commander's own preamble is dropped
      outputError: (text, write) =>
        write(
          `dockerwasm: ${text
            .replace(/^error: /, '')
            .replace(/^(command-argument value|option) '.*?'( argument '.*?')? is invalid( for argument '.*?')?\. /, '')
            .trim()
            .replace(/\s*\n\s*/g, ' ')} (see --help)\n`,
        ),
    })
    .exitOverride();
  program.hook('preAction', (command) => {
    if (command.opts().verbose || command.parent?.opts().verbose) enableDebug('*');
  });
  const named = commandNamed(args);
  for (const entry of commands) {
    if (entry.name === named) (await entry.load()).register(program);
    else program.command(entry.name).summary(entry.summary);
  }
  for (const command of program.commands) {
    const entry = commands.find((c) => c.name === command.name());
    if (entry) command.summary(entry.summary);
    command.exitOverride().configureOutput(program.configureOutput());
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  installInterruptHandlers();
  // a reader that stops early (`| head`) is not an error; the command still removes what it created
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') stopOnClosedPipe(stream);
    });
  }
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  try {
    const program = await buildProgram(argv.slice(2));
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (outputPipeClosed()) return 0;
    if (error instanceof CommanderError) {
      // help and version end here too, with exit code 0
      return error.exitCode === 0 ? 0 : 2;
    }
    const failure = interruptSignal.aborted && !isDockerwasmError(error, 'INTERRUPTED')
      ? new DockerwasmError('INTERRUPTED', `interrupted (${messageOf(error)})`, { cause: error })
      : error;
    report(failure, verbose);
    return exitCodeOf(failure);
  }
}

function report(error: unknown, verbose: boolean): void {
  if (error instanceof DockerwasmError) {
    process.stderr.write(`dockerwasm: ${error.code === 'INTERRUPTED' ? '' : 'error: '}${messageOf(error)}\n`);
    for (const detail of error.details) process.stderr.write(`  - ${detail}\n`);
    if (error.hint) process.stderr.write(`  hint: ${error.hint}\n`);
    if (verbose) for (const cause of causeChain(error).slice(1)) process.stderr.write(`  caused by ${cause}\n`);
    return;
  }
  process.stderr.write(`dockerwasm: internal error: ${messageOf(error)}\n`);
  process.stderr.write(verbose && error instanceof Error ? `${error.stack}\n` : '  this is a bug; run again with --verbose and report what it prints\n');
}

const exitCode = await main(process.argv);
process.exitCode = exitCode;
// a request an engine never answered may still hold a socket open; it must not keep the process from ending
setTimeout(() => process.exit(exitCode), 2_000).unref();
