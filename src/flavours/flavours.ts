// The builds of one program (its flavours), described once: what each file is, the image it goes into and
// that image's Dockerfile, and what an ahead-of-time flavour is compiled from. The guest build, the images,
// the runtime profiles and the reports all read this catalogue; how each is built is guests/recipes.ts.

export const flavours = ['native', 'wasm', 'wasmedge-aot', 'wasmtime-cwasm', 'wasm-threads', 'wasmedge-threads-aot'] as const;
export type Flavour = (typeof flavours)[number];

/** The thesis's Linux base, the native image's default; the busybox stand-in is used when it is neither present nor pullable. */
export const defaultLinuxBase = 'alpine:3.20';

/** The images of an experiment: the native binary on a Linux base, and the module in its forms. */
export const imageNames = ['linux', 'wasm', 'wasm-aot', 'wasm-cwasm', 'wasm-threads', 'wasm-threads-aot'] as const;
export type ImageName = (typeof imageNames)[number];

export interface FlavourDefinition {
  name: Flavour;
  kind: 'native' | 'wasm';
  /** built for wasm32-wasip1-threads: the program spawns threads (wasi-threads' `thread-spawn`) */
  threaded: boolean;
  /** its file in a build's folder, for the workload `program` */
  file(program: string): string;
  /** the file's mode: the native binary is executable; a module must not be (runwasi would take it for a Linux program) */
  mode: 0o755 | 0o644;
  /** the image it goes into, its Dockerfile, and what that Dockerfile's header says the image is */
  image: ImageName;
  dockerfile: string;
  describe: string;
  /** comment lines of its Dockerfile after the build line */
  notes: string[];
  /** where the file goes in the image (the native binary: the Linux template's own place) */
  inImage(program: string): string;
  /** an ahead-of-time flavour: the module of the same build it is compiled from */
  from?: Flavour;
  /** why a build may have no file of this flavour */
  missing: string;
}

export const flavourCatalogue: readonly FlavourDefinition[] = [
  {
    name: 'native',
    kind: 'native',
    threaded: false,
    file: (program) => program,
    mode: 0o755,
    image: 'linux',
    dockerfile: 'Dockerfile.linux',
    describe: 'Linux image (the static native binary on a small Linux base)',
    notes: [],
    inImage: (program) => `/app/${program}`,
    missing: 'the native build failed',
  },
  {
    name: 'wasm',
    kind: 'wasm',
    threaded: false,
    file: (program) => `${program}.wasm`,
    mode: 0o644,
    image: 'wasm',
    dockerfile: 'Dockerfile.wasm',
    describe: 'Wasm image (the wasm32-wasip1 module alone)',
    notes: [],
    inImage: (program) => `/${program}.wasm`,
    missing: 'the wasm32-wasip1 build failed',
  },
  {
    name: 'wasmedge-aot',
    kind: 'wasm',
    threaded: false,
    file: (program) => `${program}.aot.wasm`,
    mode: 0o644,
    image: 'wasm-aot',
    dockerfile: 'Dockerfile.wasm-aot',
    describe: 'Wasm image with the module AOT-compiled by `wasmedge compile --optimize 3` (for WasmEdge runtimes)',
    notes: [],
    inImage: (program) => `/${program}.wasm`,
    from: 'wasm',
    missing: 'wasmedge is not installed',
  },
  {
    name: 'wasmtime-cwasm',
    kind: 'wasm',
    threaded: false,
    file: (program) => `${program}.cwasm`,
    mode: 0o644,
    image: 'wasm-cwasm',
    dockerfile: 'Dockerfile.wasm-cwasm',
    describe: 'Wasm image with the module precompiled for the wasmtime shim (same wasmtime, same settings)',
    notes: ['The .cwasm must not be executable (mode 0644 in the context): runwasi would take an executable ELF for a Linux program.'],
    inImage: (program) => `/${program}.cwasm`,
    from: 'wasm',
    missing: 'wasmtime-precompile is not installed (scripts/build-shims.sh)',
  },
  {
    name: 'wasm-threads',
    kind: 'wasm',
    threaded: true,
    file: (program) => `${program}.threads.wasm`,
    mode: 0o644,
    image: 'wasm-threads',
    dockerfile: 'Dockerfile.wasm-threads',
    describe: 'Wasm image with the module built for wasm32-wasip1-threads (wasi-threads: rayon on real threads)',
    notes: ['Run it with RAYON_NUM_THREADS set (WASI reports one CPU) on a runtime with wasi-threads (the wasmtime shim).'],
    inImage: (program) => `/${program}.wasm`,
    missing: "rustup's wasm32-wasip1-threads target is not installed (scripts/provision-engine.sh adds it)",
  },
  {
    name: 'wasmedge-threads-aot',
    kind: 'wasm',
    threaded: true,
    file: (program) => `${program}.threads.aot.wasm`,
    mode: 0o644,
    image: 'wasm-threads-aot',
    dockerfile: 'Dockerfile.wasm-threads-aot',
    describe: 'Wasm image with the wasm32-wasip1-threads module AOT-compiled for WasmEdge (`wasm-host-waits`, then `wasmedge compile --generic-binary --enable-threads --optimize 3`)',
    notes: ['Run it with RAYON_NUM_THREADS set under the WasmEdge shim of shims/, which provides wasi-threads on WasmEdge.'],
    inImage: (program) => `/${program}.wasm`,
    from: 'wasm-threads',
    missing: "it needs rustup's wasm32-wasip1-threads target, wasmedge and wasm-host-waits (scripts/provision-engine.sh, scripts/build-shims.sh)",
  },
];

export function flavourOf(name: Flavour): FlavourDefinition {
  return flavourCatalogue.find((flavour) => flavour.name === name)!;
}

/** The flavour an image holds. */
export function flavourOfImage(image: ImageName): FlavourDefinition {
  return flavourCatalogue.find((flavour) => flavour.image === image)!;
}

/** The flavours built for wasm32-wasip1-threads: they spawn threads and need wasi-threads. */
export function isThreadedFlavour(name: string): boolean {
  return flavourCatalogue.some((flavour) => flavour.name === name && flavour.threaded);
}
