// What each figure of a results directory is: written into env.json and summary.json and printed
// under every report's Method, so a reader never has to guess.
export const definitions = {
  buildMs:
    'Build time: from the build request to the engine announcing the final image (every build message read; a build that ' +
    'reports an error is a failure, never a time). The context (Dockerfile + the artifact) is packed before the clock ' +
    'starts. Warm builds reuse the build cache, as the thesis measured; the cold build (the first, reported apart) uses none.',
  contentBytes:
    'Image size (content): the manifest, config and layer blobs of `docker save` (layers compressed), i.e. what a registry ' +
    'stores and a pull transfers. The same measure on every engine.',
  uncompressedBytes: 'Image size (uncompressed): the image layers as uncompressed tar streams, about what it takes once unpacked.',
  totalMs:
    'Run time: from the create request to the exit seen by a wait request (create + start + exit wait), as `docker run` takes ' +
    'without the CLI: engine, runtime or shim start, module load/compile, the program, exit detection. Log collection and ' +
    'removal are measured apart and not included.',
  computeMs:
    "Guest compute: the guest's own load + fit + predict time, measured inside it with a monotonic clock (CLOCK_MONOTONIC " +
    'natively, WASI clock_time_get in Wasm). It excludes process and runtime start and module compilation. Wall time, not ' +
    'CPU time (see CPU time).',
  cpuMs:
    "CPU time: user + system CPU time of every process in the container's cgroup (the program, and the runtime's own " +
    'threads where it runs them there: a JIT compiler, a runwasi shim\'s module compile), from the kernel\'s accounting. ' +
    'Each container runs under a parent cgroup of its own, read after the exit, so nothing is sampled (the total is exact; ' +
    "cgroup v1 splits it into user and system by the scheduler's tick, a few ms apart). CPUs busy is CPU " +
    'time / run time: above 1 only when more than one thread ran at once. Absent where it could not be read (env.json ' +
    '`cpuAccounting` says why).',
  overheadMs: 'Overhead: run time minus guest compute: what the container engine and the runtime add around the computation.',
  peakMemoryBytes:
    "Peak memory: the largest working set in the engine's stats stream while the container ran, as `docker stats` shows it " +
    '(usage minus inactive file cache: page cache such as a runtime\'s shared libraries is not counted). Sampled by the engine ' +
    'about once a second, so a short run may have one reading or none (then absent).',
  digest:
    "Digest: a SHA-256 of the model's outputs (predictions or assignments) and of the model itself (the tree's every split and " +
    'leaf, the regression\'s coefficients and intercept, the K-Means centroids); floats to 9 significant digits. A Wasm sample whose ' +
    'digest differs from the Linux (runc) one computed something else: it is a failure, never averaged in.',
  calibration:
    'Calibration: a fixed workload (SHA-256 chained 120 times over 1 MiB: single-threaded native code, about 0.1 s), run ' +
    'before the samples, after each round and at the end. Its spread (slowest / fastest) shows drift of the host\'s speed; ' +
    'above 1.25x the report warns and says where (30 back-to-back calibrations on an idle machine here spread 1.17x). ' +
    'Figures from runs with different calibrations are not comparable in absolute terms; ratios measured in one interleaved run are.',
  hostLoad:
    "CPU steal: the share of CPU time the hypervisor took (/proc/stat) from just before to just after each run sample; the " +
    'CPU clock (/proc/cpuinfo) before and after. A mean steal above 2% warns: run times grow by about as much.',
  statistics:
    'Mean, sample SD, median, min, max, CV and the 95% t interval of the mean over the samples (warm-ups reported apart). ' +
    "Outliers are flagged by hyperfine's rule (|x - median| / MAD > 14.826, a zero MAD taken as machine epsilon) and never " +
    "dropped. Wasm vs Linux, one estimator per claim: the ratio of geometric means, its 95% interval from Welch's t-test " +
    '(unequal variances) on log times, and the verdict from that interval ("no difference" when it covers 1). The difference ' +
    "of means in seconds, with its own Welch interval on raw times, is a figure apart. Samples without spread on both " +
    'sides are compared exactly.',
};

/** What each figure of a density run (`dockerwasm density`) is. */
export const densityDefinitions = {
  cell:
    'Cell: one runtime profile at one concurrency in one round: --containers containers started through the Docker API ' +
    '(create, start, wait for exit, logs, remove), at most --concurrency alive at once; a slot frees when its container ' +
    'is removed. Every container must print what the warm-up of its profile printed (hello: its line; a workload: the ' +
    "Linux run's digest); one that does not is a failure, never counted as completed. Cells run in an order shuffled " +
    'from the recorded seed; one warm-up container per profile runs before them.',
  throughput:
    'Throughput: completed containers per second, containers / cell wall time (the first create request to the last ' +
    'container removed). Its interval is the 95% t interval over the rounds.',
  latency:
    "Latency: one container's create request to its exit seen by a wait request (removal not included), pooled over " +
    "the rounds; p50, p95 and p99 are simple-statistics' quantiles, max the slowest. It includes one attach request to " +
    'stdout between create and start, made to time the first output (create request to the first chunk of stdout, its median shown).',
  containerMemory:
    "Container memory: memory charged to a container's cgroup (memory.usage_in_bytes, page cache included), read every " +
    '100 ms while containers are alive, averaged over the live containers of each reading and then over the readings.',
  shimMemory:
    'Shim memory: PSS (shared pages split among their sharers) of one containerd-shim process started during the cell, ' +
    'the mean over those alive at each 100 ms reading of /proc; runc and the runwasi shims start one per container, so it is ' +
    'part of what each container costs. PSS falls as more shims share their pages.',
  engineMemory: "Engine growth: dockerd's and containerd's RSS over their reading just before the cell, averaged over the readings.",
  hostCpu:
    "Host CPU: the host's CPUs busy over the cell (1 - idle and iowait share of /proc/stat), % of all of them. Host CPU s " +
    'per container is that busy time (share x wall time x CPUs) over the containers: dockerd, containerd, the shims, ' +
    "the runtime, dockerwasm itself and the containers together; the container's own cgroup CPU time is shown beside it.",
  cpuMs: "CPU time: user + system CPU time of the container's cgroup, read after it exits.",
};

/** What each figure of a standalone-runtimes run (`dockerwasm runtimes`) is. */
export const standaloneDefinitions = {
  sample:
    "Sample: one fresh process of a runtime running the workload's module (the native row: the native binary), started " +
    'by meter/process-meter with no environment passed to the guest and stdin closed. Warm-ups (one per cell unless ' +
    '--warmup says otherwise) run first and are kept apart; then each round runs every (runtime, workload) cell once, in ' +
    "an order shuffled from the recorded seed. A sample whose result line or digest differs from the native run's is a " +
    'failure, never averaged in.',
  time:
    'Time: wall time of the process, CLOCK_MONOTONIC from just before fork to its reaping: runtime start, module load and ' +
    "compile (JIT runtimes compile at every start), the guest's own work, exit. The thesis's processing time is the same kind of figure.",
  compile:
    'Compile time: for a runtime that runs a module compiled ahead of time (WasmEdge AOT, precompiled wasmtime), the one ' +
    'compile that made it, measured when the module was built; not in its time, as the thesis left it out of its AOT runs.',
  cpu:
    "CPU %: the process's user + system CPU time (rusage from wait4, its threads included) / its wall time. Above 100% " +
    "only when threads ran at once: JIT compiler threads, garbage collectors, the native kmeans's rayon pool. Share of all " +
    'CPUs = CPU % / the number of CPUs: the form of the thesis\'s Tables 8, 11 and 14 (WPA\'s "% CPU usage", relative to ' +
    'all processors, which is why the thesis\'s figures are so small).',
  peakRss:
    "Peak RSS: the process's peak resident set (ru_maxrss from wait4): memory it really touched. The headline memory figure.",
  vmPeak:
    "VmPeak: the peak of its address space (/proc/<pid>/status at its exit, read while ptrace holds it there): reserved, " +
    'not used. Runtimes reserve guard regions for linear memory (wasmtime, WasmEdge: several GiB) and the JVM its heap, so it ' +
    'is gigabytes for most runtimes and says little of memory used.',
  thesisMemory:
    'The thesis\'s "virtual memory size" (Tables 9, 12, 15) is Windows committed memory from WPA: private memory the ' +
    'process committed, neither RSS nor VmPeak. Its figures are shown beside peak RSS as the nearest Linux figure, not as the same one.',
};
