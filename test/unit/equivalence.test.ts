import { describe, expect, it } from 'vitest';
import { declaredTest, holm, judgeFamily } from '../../src/stats/equivalence.js';
import { assertOneToolchain, compilerIdentity } from '../../src/guests/toolchain-match.js';
import { isDockerwasmError } from '../../src/errors.js';

// Expected values from scipy 1.x: stats.ttest_ind(log a, log b, equal_var=False), and TOST as the larger p of
// ttest_ind(log a - log(1 - m), log b, alternative='greater') and ttest_ind(log a - log(1 + m), log b, alternative='less').
const baseline = [1.0, 1.01, 0.99, 1.02, 0.98, 1.0];
const same = [1.02, 0.99, 1.05, 1.01, 0.98, 1.03];
const slower = [1.3, 1.28, 1.33, 1.31, 1.29, 1.32];

describe('declared comparisons', () => {
  it('tests difference and equivalence (TOST at ±5%) as scipy does', () => {
    const a = declaredTest(same, baseline, 0.05)!;
    expect(a.differenceP).toBeCloseTo(0.30496375156552824, 10);
    expect(a.equivalenceP).toBeCloseTo(0.008715366541467815, 10);
    const b = declaredTest(slower, baseline, 0.05)!;
    expect(b.differenceP).toBeCloseTo(1.868289980746445e-11, 15);
    expect(b.equivalenceP).toBeCloseTo(0.9999999999307894, 10);
  });

  it("adjusts a family by Holm's step-down method (R: p.adjust(c(0.01, 0.04, 0.03), 'holm'))", () => {
    expect(holm([0.01, 0.04, 0.03])).toEqual([0.03, 0.06, 0.06]);
    expect(holm([0.5, 0.6])).toEqual([1, 1]);
    expect(holm([])).toEqual([]);
  });

  it('judges after Holm: equivalent, slower, inconclusive', () => {
    const noisy = [0.8, 1.25, 0.9, 1.2, 1.05, 0.85];
    const judged = judgeFamily([
      { test: declaredTest(same, baseline, 0.05)!, ratio: 1.01 },
      { test: declaredTest(slower, baseline, 0.05)!, ratio: 1.3 },
      { test: declaredTest(noisy, baseline, 0.05)!, ratio: 1.0 },
    ]);
    expect(judged.map((j) => j.verdict)).toEqual(['equivalent', 'slower', 'inconclusive']);
    expect(judged[0]!.equivalencePHolm).toBeCloseTo(3 * 0.008715366541467815, 10);
  });
});

describe('one compiler per comparison', () => {
  const artifacts = [
    { flavour: 'native' as const, compiler: 'rustc 1.85.1 (4eb161250 2025-03-15) (built from a source tarball) --target x86_64-unknown-linux-gnu' },
    { flavour: 'wasm' as const, compiler: 'rustc 1.85.1 (4eb161250 2025-03-15) (built from a source tarball) --target wasm32-wasip1' },
    { flavour: 'wasmedge-aot' as const, compiler: '/usr/bin/wasmedge version 0.14.1 compile --optimize 3' },
    { flavour: 'wasm-threads' as const, compiler: 'rustc 1.95.0 (59807616e 2026-04-14) --target wasm32-wasip1-threads' },
    { flavour: 'wasmedge-threads-aot' as const, compiler: 'wasm-host-waits 0.1.0, then wasmedge 0.14.1 compile --generic-binary' },
  ];

  it('names the compiler of each build', () => {
    expect(compilerIdentity(artifacts[0]!.compiler)).toBe('rustc 1.85.1');
    expect(compilerIdentity('go version go1.24.4 linux/amd64 GOOS=wasip1 GOARCH=wasm go build -trimpath')).toBe('go version go1.24.4');
    expect(compilerIdentity('Debian clang version 19.1.7 (3+b1) -O2 -static')).toBe('clang version 19.1.7');
    expect(compilerIdentity('built outside dockerwasm (./tool)')).toBeNull();
  });

  it('lets the stock set through, an AOT build counting as its module', () => {
    expect(assertOneToolchain(artifacts, ['native', 'wasm', 'wasmedge-aot'], false)).toBeNull();
  });

  it('refuses the threaded module beside the native binary in one line, unless asked for', () => {
    let error: unknown;
    try {
      assertOneToolchain(artifacts, ['native', 'wasmedge-aot', 'wasmedge-threads-aot'], false);
    } catch (caught) {
      error = caught;
    }
    expect(isDockerwasmError(error, 'USAGE')).toBe(true);
    expect((error as Error).message).toBe('mixed toolchains: native, wasm by rustc 1.85.1; wasm-threads by rustc 1.95.0; a Wasm / native ratio would compare compilers too');
    expect(assertOneToolchain(artifacts, ['native', 'wasm-threads'], true)).toBe('native by rustc 1.85.1; wasm-threads by rustc 1.95.0');
  });
});
