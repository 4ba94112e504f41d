// What a kind of run (compare, density, standalone, and the next) gives the one run skeleton: its settings
// schema, its preparation, its plan, how it measures one step, and what its env.json records of itself.
// Everything else (the results directory, the resume rule, env.json's header, the step loop that skips
// what is recorded, progress, completion) is the skeleton's, the same for every kind.
import type { DockerwasmError } from '../errors.js';
import type { AnyEnvironment, EnvironmentHeader, ResultsKind } from '../results/environment.js';

/** One step of a plan: its id is what its records carry, so a resumed run knows it is measured. */
export interface PlannedStep {
  id: string;
}

export interface RunProgress {
  info(line: string): void;
  warn(line: string): void;
  /** a step's measurement was recorded: `done` of the `total` steps of its phase; `line` says what it measured */
  recorded(phase: string, line: string, done: number, total: number): void;
  /** the run ended (its progress bars can go) */
  stop?(): void;
}

export interface Measurer<Step extends PlannedStep, Record> {
  /** measures one step, appending every record it makes (each is on disk when `append` returns) */
  measure(step: Step, append: (record: Record) => void): Promise<void>;
  /** what progress says of a record: the phase it counts in and one short line; null for records no step is counted by */
  describe(record: Record): { phase: string; line: string } | null;
  /** the engine stopped answering: wait for it and go on, or throw (without this, the run stops) */
  recover?(error: DockerwasmError): Promise<void>;
}

/** The header fields every env.json has; a kind supplies the rest. */
export type HeaderKey = keyof EnvironmentHeader;

/** What a kind is before anything runs: its settings, its resume rule's exceptions, its results directory's name. */
export interface RunKindBase<Settings> {
  kind: ResultsKind;
  /** how a person names a step of each phase (its id's first word), plural ("builds"); a phase not named here is not counted */
  phases: Readonly<globalThis.Record<string, string>>;
  /** settings a resumed run may change, each with why that changes nothing a recorded sample measured */
  resumable: Readonly<Partial<globalThis.Record<string, string>>>;
  parseSettings(value: unknown, source: string): Settings;
  /** names the results directory */
  label(settings: Settings): string;
}

export interface RunKind<Settings, Prep, Env extends AnyEnvironment, Step extends PlannedStep, Record> extends RunKindBase<Settings> {
  kind: ResultsKind & Env['kind'];
  prepare(settings: Settings, runId: string): Promise<Prep>;
  /** what env.json records of this kind for a new run */
  environment(settings: Settings, prep: Prep): Omit<Env, HeaderKey | 'kind' | 'schema'>;
  /** what the run measures on: its variants, or the runtimes that work; a resumed run must find the same */
  runsOn(prep: Prep): string[];
  /** what a saved run measured on */
  ranOn(saved: Env): string[];
  /** why a saved run cannot go on with this preparation, beyond what it runs on (its guest changed), or null */
  mismatch?(saved: Env, prep: Prep): string | null;
  plan(settings: Settings, prep: Prep): Step[];
  /** the plan step a saved record belongs to, if it belongs to one */
  stepOf(record: Record): string | undefined;
  measurer(settings: Settings, prep: Prep, previous: readonly Record[]): Measurer<Step, Record>;
}
