// The rows bench/oci-wasm-cache.ts writes and bench/findings.ts reads: one workload's arms, in ms.

export interface OciCacheArmSummary {
  n: number;
  wallMsMedian: number;
  overheadMsMedian: number;
  overheadMsMean: number;
  /** run time minus the guest's whole main; null in files written before guests' main was recorded */
  outsideMsMedian?: number | null;
}

export interface OciCacheRow {
  workload: string;
  precompiledModulesStored: number;
  ociFirstRun: { wallMs: number; overheadMs: number };
  ociCached: OciCacheArmSummary;
  ordinary: OciCacheArmSummary;
  crunWasmedge: OciCacheArmSummary;
}
