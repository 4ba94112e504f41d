// Every duration comes from a monotonic clock; tests pass a fake one.
export type Clock = () => number;

/** milliseconds from process.hrtime (monotonic, not affected by wall-clock changes) */
export const monotonicMs: Clock = () => Number(process.hrtime.bigint()) / 1e6;
