#!/usr/bin/python3
"""Recomputes the figures of committed results directories from samples.jsonl alone, with scipy and
numpy (an implementation independent of dockerwasm's), and compares them with the directory's
summary.json. Prints one JSON object: {"checked": N, "mismatches": [...]}; exits 1 on a mismatch.
Usage: recompute.py DIR... (results directories of every kind, and reproduce folders for their declared answers)"""
import json
import math
import os
import sys

import numpy as np
from scipy import stats


def good_runs(records, variant, reference):
    return [r for r in records if r["type"] == "run" and r["variant"] == variant and r["phase"] == "sample"
            and r["outcome"] == "ok" and r["guest"] is not None and r["guest"]["digest"] == reference]


def reference_digest(records, baseline):
    """The digest of the baseline's first good run: what every other run must have computed."""
    return next(r["guest"]["digest"] for r in records
                if r["type"] == "run" and r["variant"] == baseline and r["outcome"] == "ok" and r["guest"])


def welch_interval(a, b):
    """The 95% interval of mean(a) - mean(b) (Welch-Satterthwaite df, Student's t)."""
    va, vb = np.var(a, ddof=1) / len(a), np.var(b, ddof=1) / len(b)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    half = stats.t.ppf(0.975, df) * math.sqrt(va + vb)
    d = np.mean(a) - np.mean(b)
    return d - half, d + half


class Checker:
    """Compares summary.json's figures of one directory with recomputed ones, counting each comparison."""

    def __init__(self, directory, mismatches):
        self.directory, self.mismatches, self.checked = directory, mismatches, 0

    def expect(self, what, ours, theirs, tolerance=1e-9):
        self.checked += 1
        if ours is None or not math.isclose(ours, theirs, rel_tol=tolerance, abs_tol=1e-12):
            self.mismatches.append({"dir": self.directory, "figure": what, "summary": ours, "recomputed": theirs})

    def expect_same(self, what, ours, theirs):
        self.checked += 1
        if ours != theirs:
            self.mismatches.append({"dir": self.directory, "figure": what, "summary": ours, "recomputed": theirs})

    def expect_description(self, name, described, values):
        """mean, sample SD, median and the 95% t interval of the mean"""
        self.expect(f"{name} mean", described["mean"], float(np.mean(values)))
        self.expect(f"{name} sd", described["sd"], float(np.std(values, ddof=1)))
        self.expect(f"{name} median", described["median"], float(np.median(values)))
        low, high = stats.t.interval(0.95, len(values) - 1, loc=np.mean(values), scale=stats.sem(values))
        self.expect(f"{name} ci95 low", described["ci95"][0], float(low))
        self.expect(f"{name} ci95 high", described["ci95"][1], float(high))

    def expect_ratio(self, name, p_name, comparison, a, b):
        """the ratio of geometric means of a and b, its 95% interval (Welch on logs) and p; returns the interval"""
        la, lb = np.log(a), np.log(b)
        low, high = (math.exp(x) for x in welch_interval(la, lb))
        self.expect(name, comparison["ratio"], math.exp(np.mean(la) - np.mean(lb)))
        self.expect(f"{name} ci95 low", comparison["ratioCi95"][0], low, 1e-7)
        self.expect(f"{name} ci95 high", comparison["ratioCi95"][1], high, 1e-7)
        self.expect(p_name, comparison["pValue"], float(stats.ttest_ind(la, lb, equal_var=False).pvalue), 1e-6)
        return low, high


def check(directory, mismatches):
    checker = Checker(directory, mismatches)
    if os.path.exists(f"{directory}/reproduce.json") and not os.path.exists(f"{directory}/env.json"):
        check_declared(checker, directory)
        return checker.checked
    records = [json.loads(line) for line in open(f"{directory}/samples.jsonl") if line.strip()]
    summary = json.load(open(f"{directory}/summary.json"))["summary"]
    if records and records[0]["type"] == "standalone-run":
        check_standalone(checker, records, summary)
    elif records and records[0]["type"] == "density-cell":
        check_density(checker, json.load(open(f"{directory}/env.json")), records, summary)
    else:
        check_compare(checker, records, summary)
    return checker.checked


def holm(pvalues):
    """Holm's step-down adjustment (as statsmodels' multipletests(method='holm'))."""
    order = sorted(range(len(pvalues)), key=lambda i: pvalues[i])
    adjusted, running = [0.0] * len(pvalues), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(pvalues) - rank) * pvalues[i]))
        adjusted[i] = running
    return adjusted


def tost(a, b, margin):
    """Two one-sided Welch tests on log times against log(1 - margin) and log(1 + margin): the larger p."""
    la, lb = np.log(a), np.log(b)
    low = stats.ttest_ind(la - math.log(1 - margin), lb, equal_var=False, alternative="greater").pvalue
    high = stats.ttest_ind(la - math.log(1 + margin), lb, equal_var=False, alternative="less").pvalue
    return float(max(low, high))


def check_declared(checker, folder):
    """A reproduce folder: each declared question's answers (reproduce.json), from its workloads' samples."""
    document = json.load(open(f"{folder}/reproduce.json"))
    spec, answers = document["spec"], document.get("answers", [])
    for question in spec.get("questions", []):
        for index, workload in enumerate(spec["workloads"]):
            directory = next((f"{folder}/{d}" for d in sorted(os.listdir(folder)) if d.startswith(f"{index + 1}-")), None)
            if directory is None or not os.path.exists(f"{directory}/samples.jsonl"):
                continue
            records = [json.loads(line) for line in open(f"{directory}/samples.jsonl") if line.strip()]
            reference = reference_digest(records, question["baseline"])
            base = np.array([r["totalMs"] for r in good_runs(records, question["baseline"], reference)])
            label = os.path.basename(directory).split("-", 1)[1]
            family = []
            for variant in question["variants"]:
                runs = np.array([r["totalMs"] for r in good_runs(records, variant, reference)])
                answer = next(a for a in answers if a["question"] == question["question"] and a["workload"] == label and a["variant"] == variant)
                if len(runs) < 2:
                    checker.expect_same(f"{label} {variant} declared test", answer["test"], None)
                    continue
                different = float(stats.ttest_ind(np.log(runs), np.log(base), equal_var=False).pvalue)
                family.append((answer, different, tost(runs, base, question["margin"]), math.exp(np.mean(np.log(runs)) - np.mean(np.log(base)))))
            for (answer, _, _, ratio), p_diff, p_equiv in zip(family, holm([f[1] for f in family]), holm([f[2] for f in family])):
                name = f"{label} {answer['variant']}"
                checker.expect(f"{name} declared ratio", answer["ratio"], ratio)
                checker.expect(f"{name} p different (Holm)", answer["test"]["differencePHolm"], p_diff, 1e-6)
                checker.expect(f"{name} p within margin (Holm)", answer["test"]["equivalencePHolm"], p_equiv, 1e-6)
                direction = "faster" if ratio < 1 else "slower"
                verdict = (f"{direction}, within the margin" if p_equiv < 0.05 else direction) if p_diff < 0.05 else "equivalent" if p_equiv < 0.05 else "inconclusive"
                checker.expect_same(f"{name} declared verdict", answer["test"]["verdict"], verdict)


def check_density(checker, env, cells, summary):
    """A `dockerwasm density` run: per variant and concurrency, the throughput of each round (good containers /
    its wall time) described over the rounds, the pooled latency percentiles and the containers counted."""
    warm = next((w for w in env["warmups"] if w["variant"] == "runc" and w.get("output") is not None), None)

    def good(c):
        if c["outcome"] != "ok" or c.get("output") is None or warm is None:
            return c["outcome"] == "ok"
        if warm.get("digest") is None:
            return c["output"] == warm["output"]
        return c.get("digest") == warm["digest"]

    for row in summary["rows"]:
        group = [c for c in cells if c["variant"] == row["variant"] and c["concurrency"] == row["concurrency"]]
        cell = f"{row['variant']} c{row['concurrency']}"
        ok = [c for g in group for c in g["containers"] if good(c)]
        checker.expect(f"{cell} completed", row["completed"], len(ok))
        throughputs = np.array([len([c for c in g["containers"] if good(c)]) / (g["wallMs"] / 1000) for g in group if g["outcome"] != "engine-unavailable"])
        checker.expect(f"{cell} throughput mean", row["throughput"]["mean"], float(np.mean(throughputs)))
        if len(throughputs) > 1:
            checker.expect(f"{cell} throughput sd", row["throughput"]["sd"], float(np.std(throughputs, ddof=1)))
        latencies = np.array(sorted(c["latencyMs"] for c in ok if c.get("latencyMs") is not None))
        if len(latencies) > 0:
            checker.expect(f"{cell} latency max", row["latencyMs"]["max"], float(latencies.max()))
            for q in ("p50", "p95", "p99"):
                value = np.percentile(latencies, int(q[1:]), method="linear")
                checker.expect(f"{cell} latency {q}", row["latencyMs"][q], float(value))


def check_compare(checker, records, summary):
    """A `dockerwasm compare` run: per variant its run time (and CPU time where measured); per Wasm variant
    its ratio to the Linux image, the verdict and the difference of means."""
    reference = reference_digest(records, "runc")
    totals = {}
    for v in summary["variants"]:
        runs = good_runs(records, v["name"], reference)
        t = np.array([r["totalMs"] for r in runs])
        totals[v["name"]] = t
        checker.expect(f"{v['name']} samples", v["samples"], len(t))
        if len(t) == 0:
            # every sample failed (a runtime that refused the module): nothing to describe or compare
            checker.expect_same(f"{v['name']} run", v["run"], None)
            continue
        checker.expect_description(f"{v['name']} run", v["run"], t)
        if any(r.get("cpu") for r in runs):
            # CPU time from the container's cgroup, and CPUs busy = CPU time / run time, per sample
            cpu = np.array([r["cpu"]["cpuMs"] for r in runs])
            checker.expect(f"{v['name']} cpu mean", v["cpu"]["mean"], float(np.mean(cpu)))
            checker.expect(f"{v['name']} cpus busy mean", v["parallelism"]["mean"], float(np.mean(cpu / t)))
    for c in summary["comparisons"]:
        a, b = totals[c["variant"]], totals["runc"]
        if len(a) == 0:
            checker.expect_same(f"{c['variant']} ratio", c["run"], None)
            continue
        low, high = checker.expect_ratio(f"{c['variant']} ratio", f"{c['variant']} p", c["run"], a, b)
        verdict = "slower" if low > 1 else "faster" if high < 1 else "no difference"
        checker.expect_same(f"{c['variant']} verdict", c["run"]["verdict"], verdict)
        d_low, d_high = welch_interval(a, b)
        checker.expect(f"{c['variant']} difference ci95 low", c["run"]["differenceCi95"][0], float(d_low), 1e-7)
        checker.expect(f"{c['variant']} difference ci95 high", c["run"]["differenceCi95"][1], float(d_high), 1e-7)


def check_standalone(checker, records, summary):
    """A `dockerwasm runtimes` run: per (workload, runtime) cell the time, CPU % and peak RSS of its good
    samples (exited 0 with the native binary's digest), and its time against native's."""
    references = {}
    for r in records:
        if r["runtime"] == "native" and r["outcome"] == "ok" and r["guest"] and r["workload"] not in references:
            references[r["workload"]] = r["guest"]["digest"]

    def good(workload, runtime):
        return [r for r in records if r["workload"] == workload and r["runtime"] == runtime and r["phase"] == "sample"
                and r["outcome"] == "ok" and r["guest"] is not None and r["guest"]["digest"] == references.get(workload)]

    for row in summary["rows"]:
        cell = f"{row['workload']} {row['runtime']}"
        runs = good(row["workload"], row["runtime"])
        checker.expect(f"{cell} samples", row["n"], len(runs))
        if not runs:
            continue
        t = np.array([r["wallMs"] for r in runs])
        checker.expect_description(f"{cell} time", row["time"], t)
        cpu = np.array([(r["userMs"] + r["sysMs"]) / r["wallMs"] * 100 for r in runs])
        checker.expect(f"{cell} cpu % mean", row["cpuPercent"]["mean"], float(np.mean(cpu)))
        checker.expect(f"{cell} peak rss mean", row["peakRss"]["mean"], float(np.mean([r["maxRssBytes"] for r in runs])))
        if row["runtime"] == "native" or row["vsNative"] is None:
            continue
        native = np.array([r["wallMs"] for r in good(row["workload"], "native")])
        checker.expect_ratio(f"{cell} vs native", f"{cell} vs native p", row["vsNative"], t, native)


def main():
    mismatches = []
    checked = sum(check(directory, mismatches) for directory in sys.argv[1:])
    print(json.dumps({"checked": checked, "mismatches": mismatches}))
    sys.exit(1 if mismatches else 0)


main()
