#!/usr/bin/python3
"""Recomputes the figures of committed results directories from samples.jsonl alone, with scipy and
numpy (an implementation independent of dockerwasm's), and compares them with the directory's
summary.json. Prints one JSON object: {"checked": N, "mismatches": [...]}; exits 1 on a mismatch.
Usage: recompute.py DIR..."""
import json
import math
import sys

import numpy as np
from scipy import stats


def good_runs(records, variant, reference):
    return [r for r in records if r["type"] == "run" and r["variant"] == variant and r["phase"] == "sample"
            and r["outcome"] == "ok" and r["guest"] is not None and r["guest"]["digest"] == reference]


def welch_interval(a, b):
    """The 95% interval of mean(a) - mean(b) (Welch-Satterthwaite df, Student's t)."""
    va, vb = np.var(a, ddof=1) / len(a), np.var(b, ddof=1) / len(b)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    half = stats.t.ppf(0.975, df) * math.sqrt(va + vb)
    d = np.mean(a) - np.mean(b)
    return d - half, d + half


def check(directory, mismatches):
    records = [json.loads(line) for line in open(f"{directory}/samples.jsonl") if line.strip()]
    summary = json.load(open(f"{directory}/summary.json"))["summary"]
    if records and records[0]["type"] == "standalone-run":
        return check_standalone(directory, records, summary, mismatches)
    reference = next(r["guest"]["digest"] for r in records
                     if r["type"] == "run" and r["variant"] == "runc" and r["outcome"] == "ok" and r["guest"])
    checked = 0

    def expect(what, ours, theirs, tolerance=1e-9):
        nonlocal checked
        checked += 1
        if ours is None or not math.isclose(ours, theirs, rel_tol=tolerance, abs_tol=1e-12):
            mismatches.append({"dir": directory, "figure": what, "summary": ours, "recomputed": theirs})

    totals = {}
    for v in summary["variants"]:
        t = np.array([r["totalMs"] for r in good_runs(records, v["name"], reference)])
        totals[v["name"]] = t
        expect(f"{v['name']} samples", v["samples"], len(t))
        expect(f"{v['name']} run mean", v["run"]["mean"], float(np.mean(t)))
        expect(f"{v['name']} run sd", v["run"]["sd"], float(np.std(t, ddof=1)))
        expect(f"{v['name']} run median", v["run"]["median"], float(np.median(t)))
        low, high = stats.t.interval(0.95, len(t) - 1, loc=np.mean(t), scale=stats.sem(t))
        expect(f"{v['name']} run ci95 low", v["run"]["ci95"][0], float(low))
        expect(f"{v['name']} run ci95 high", v["run"]["ci95"][1], float(high))
        runs = good_runs(records, v["name"], reference)
        if any(r.get("cpu") for r in runs):
            # CPU time from the container's cgroup, and CPUs busy = CPU time / run time, per sample
            cpu = np.array([r["cpu"]["cpuMs"] for r in runs])
            expect(f"{v['name']} cpu mean", v["cpu"]["mean"], float(np.mean(cpu)))
            expect(f"{v['name']} cpus busy mean", v["parallelism"]["mean"], float(np.mean(cpu / t)))
    for c in summary["comparisons"]:
        a, b = totals[c["variant"]], totals["runc"]
        la, lb = np.log(a), np.log(b)
        welch = stats.ttest_ind(la, lb, equal_var=False)
        low, high = welch_interval(la, lb)
        expect(f"{c['variant']} ratio", c["run"]["ratio"], math.exp(np.mean(la) - np.mean(lb)))
        expect(f"{c['variant']} ratio ci95 low", c["run"]["ratioCi95"][0], math.exp(low), 1e-7)
        expect(f"{c['variant']} ratio ci95 high", c["run"]["ratioCi95"][1], math.exp(high), 1e-7)
        expect(f"{c['variant']} p", c["run"]["pValue"], float(welch.pvalue), 1e-6)
        verdict = "slower" if math.exp(low) > 1 else "faster" if math.exp(high) < 1 else "no difference"
        checked += 1
        if c["run"]["verdict"] != verdict:
            mismatches.append({"dir": directory, "figure": f"{c['variant']} verdict", "summary": c["run"]["verdict"], "recomputed": verdict})
        d_low, d_high = welch_interval(a, b)
        expect(f"{c['variant']} difference ci95 low", c["run"]["differenceCi95"][0], float(d_low), 1e-7)
        expect(f"{c['variant']} difference ci95 high", c["run"]["differenceCi95"][1], float(d_high), 1e-7)
    return checked


def check_standalone(directory, records, summary, mismatches):
    """A `dockerwasm runtimes` run: per (workload, runtime) cell the time, CPU % and peak RSS of its good
    samples (exited 0 with the native binary's digest), and its time against native's."""
    checked = 0

    def expect(what, ours, theirs, tolerance=1e-9):
        nonlocal checked
        checked += 1
        if ours is None or not math.isclose(ours, theirs, rel_tol=tolerance, abs_tol=1e-12):
            mismatches.append({"dir": directory, "figure": what, "summary": ours, "recomputed": theirs})

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
        expect(f"{cell} samples", row["n"], len(runs))
        if not runs:
            continue
        t = np.array([r["wallMs"] for r in runs])
        expect(f"{cell} time mean", row["time"]["mean"], float(np.mean(t)))
        expect(f"{cell} time sd", row["time"]["sd"], float(np.std(t, ddof=1)))
        expect(f"{cell} time median", row["time"]["median"], float(np.median(t)))
        low, high = stats.t.interval(0.95, len(t) - 1, loc=np.mean(t), scale=stats.sem(t))
        expect(f"{cell} time ci95 low", row["time"]["ci95"][0], float(low))
        expect(f"{cell} time ci95 high", row["time"]["ci95"][1], float(high))
        cpu = np.array([(r["userMs"] + r["sysMs"]) / r["wallMs"] * 100 for r in runs])
        expect(f"{cell} cpu % mean", row["cpuPercent"]["mean"], float(np.mean(cpu)))
        expect(f"{cell} peak rss mean", row["peakRss"]["mean"], float(np.mean([r["maxRssBytes"] for r in runs])))
        if row["runtime"] == "native" or row["vsNative"] is None:
            continue
        la, lb = np.log(t), np.log(np.array([r["wallMs"] for r in good(row["workload"], "native")]))
        low, high = welch_interval(la, lb)
        expect(f"{cell} vs native", row["vsNative"]["ratio"], math.exp(np.mean(la) - np.mean(lb)))
        expect(f"{cell} vs native ci95 low", row["vsNative"]["ratioCi95"][0], math.exp(low), 1e-7)
        expect(f"{cell} vs native ci95 high", row["vsNative"]["ratioCi95"][1], math.exp(high), 1e-7)
        expect(f"{cell} vs native p", row["vsNative"]["pValue"], float(stats.ttest_ind(la, lb, equal_var=False).pvalue), 1e-6)
    return checked


def main():
    mismatches = []
    checked = sum(check(directory, mismatches) for directory in sys.argv[1:])
    print(json.dumps({"checked": checked, "mismatches": mismatches}))
    sys.exit(1 if mismatches else 0)


main()
