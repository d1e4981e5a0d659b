#!/usr/bin/env python3
"""Compares Loupe's per-layer latencies on an H200 preset with the measured H200 layer times.

Runs the release `loupe` on AlexNet, VGG-16, ResNet-50 and MobileNet-v2 at batch 1 and 32 with
the given architecture, matches each measured row of docs/data/gpu_layer_times.csv to a Loupe
layer by shape (Loupe's Workloads/ names differ from torchvision's module names), and writes a
Markdown table per layer (measured µs, Loupe µs, ratio Loupe/measured) and a summary against the
targets of docs/validation.md ("GPU layer times (H200)"): geometric-mean ratio within 0.75–1.33,
90% of layers within 2x, 80% of layers of at least 1 GMAC within ±30%.

Matching key: (N, G, K, C, P, Q, R, S) with K and C per group, as Loupe's report.json `dims`;
measured rows give N×C×H×W shapes, a kernel, groups. The number of measured rows with a key must
equal the sum of the `repeat` of Loupe's layers with that key; rows that find no Loupe layer are
listed as unmatched. AlexNet: Workloads/alexnet.yaml is the original 227×227 grouped network,
torchvision's differs, so AlexNet is estimated from scripts/gpu/alexnet_torchvision.yaml.

Not used by `swift test`. Usage (from the repository root, after `swift build -c release`):
    python3 scripts/gpu/compare.py [--arch Architectures/h200-like.yaml] [--out DIR]
        [--budget N] [--threads N] [--set PATH=VALUE ...] [--loupe .build/release/loupe]
Writes DIR/comparison.md and DIR/comparison.csv (DIR defaults to /tmp/loupe-gpu-compare).
"""
import argparse
import csv
import json
import math
import os
import subprocess
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MEASURED = os.path.join(ROOT, "docs", "data", "gpu_layer_times.csv")
WORKLOADS = {
    "alexnet": os.path.join(ROOT, "scripts", "gpu", "alexnet_torchvision.yaml"),
    "vgg16": os.path.join(ROOT, "Workloads", "vgg16.yaml"),
    "resnet50": os.path.join(ROOT, "Workloads", "resnet50.yaml"),
    "mobilenet_v2": os.path.join(ROOT, "Workloads", "mobilenet_v2.yaml"),
}
BATCHES = [1, 32]


def measured_key(row):
    """(N, G, K, C, P, Q, R, S) of a measured row, K and C per group."""
    ins = [int(x) for x in row["in_shape"].split("x")]
    outs = [int(x) for x in row["out_shape"].split("x")]
    g = int(row["groups"] or 1)
    if row["op"] == "linear":
        return (ins[0], 1, outs[1], ins[1], 1, 1, 1, 1)
    r, s = (int(x) for x in row["kernel"].split("x"))
    return (ins[0], g, outs[1] // g, ins[1] // g, outs[2], outs[3], r, s)


def loupe_key(layer):
    # A layer the architecture padded (multiple_of) is matched by the workload's own bounds.
    d = layer.get("padded_from", layer["dims"])
    return tuple(d[k] for k in ("N", "G", "K", "C", "P", "Q", "R", "S"))


def run_loupe(loupe, arch, model, batch, out, budget, threads, sets, objective):
    report = os.path.join(out, f"{model}-b{batch}")
    cmd = [loupe, "estimate", arch, WORKLOADS[model], "--set", f"workload.batch={batch}",
           "--out", report, "--format", "json", "--budget", str(budget), "--objective", objective]
    for s in sets:
        cmd += ["--set", s]
    if threads:
        cmd += ["--threads", str(threads)]
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    with open(os.path.join(report, "report.json")) as f:
        return json.load(f), " ".join(os.path.relpath(c, ROOT) if os.path.isabs(c) else c for c in cmd)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--arch", default=os.path.join(ROOT, "Architectures", "h200-like.yaml"))
    ap.add_argument("--loupe", default=os.path.join(ROOT, ".build", "release", "loupe"))
    ap.add_argument("--out", default="/tmp/loupe-gpu-compare")
    ap.add_argument("--budget", type=int, default=30000)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--objective", default="edp",
                    help="mapper objective (default edp, loupe estimate's default)")
    ap.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                    help="an extra architecture override for every run (repeatable)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    with open(MEASURED) as f:
        measured = list(csv.DictReader(f))

    rows, unmatched, commands = [], [], []
    for model in WORKLOADS:
        for batch in BATCHES:
            report, cmd = run_loupe(args.loupe, args.arch, model, batch, args.out, args.budget, args.threads, args.set, args.objective)
            commands.append(cmd)
            by_key = defaultdict(list)
            for layer in report["layers"]:
                by_key[loupe_key(layer)].append(layer)
            mrows = [r for r in measured if r["model"] == model and int(r["batch"]) == batch]
            count = defaultdict(int)
            for r in mrows:
                count[measured_key(r)] += 1
            for r in mrows:
                key = measured_key(r)
                layers = by_key.get(key)
                if not layers:
                    unmatched.append((model, batch, r["layer"], key))
                    continue
                repeats = sum(l["repeat"] for l in layers)
                loupe_us = layers[0]["latency_s"] * 1e6
                meas_us = float(r["median_us"])
                rows.append({
                    "model": model, "batch": batch, "layer": r["layer"], "loupe_layer": layers[0]["name"],
                    "macs": int(r["macs"]), "measured_us": meas_us, "loupe_us": loupe_us,
                    "ratio": loupe_us / meas_us, "bound": layers[0]["bound"],
                    "utilization": layers[0]["utilization"],
                    "repeats_ok": repeats == count[key], "mapping": layers[0]["mapping"],
                })

    with open(os.path.join(args.out, "comparison.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)

    def summary(sel):
        if not sel:
            return "no layers"
        gm = math.exp(sum(math.log(r["ratio"]) for r in sel) / len(sel))
        within2 = sum(1 for r in sel if 0.5 <= r["ratio"] <= 2) / len(sel)
        big = [r for r in sel if r["macs"] >= 1e9]
        within30 = (sum(1 for r in big if 0.7 <= r["ratio"] <= 1.3) / len(big)) if big else float("nan")
        return (f"{len(sel)} layers, geometric-mean ratio {gm:.2f}, within 2x {100 * within2:.0f}%, "
                f"≥1 GMAC within ±30% {100 * within30:.0f}% of {len(big)}")

    lines = ["# Loupe vs measured H200 layer times", "",
             f"Architecture: `{os.path.relpath(args.arch, ROOT)}`{''.join(' --set ' + x for x in args.set)}; ratio = Loupe / measured (median, L2 flushed).", "",
             "## Summary", "", f"- all: {summary(rows)}"]
    for model in WORKLOADS:
        for batch in BATCHES:
            sel = [r for r in rows if r["model"] == model and r["batch"] == batch]
            lines.append(f"- {model} batch {batch}: {summary(sel)}")
    for batch in BATCHES:
        lines.append(f"- batch {batch}: {summary([r for r in rows if r['batch'] == batch])}")
    mism = [r for r in rows if not r["repeats_ok"]]
    lines += ["", f"Unmatched measured rows: {len(unmatched)}; matched keys whose repeat counts differ: {len(mism)}"]
    for u in unmatched:
        lines.append(f"- {u[0]} batch {u[1]} {u[2]} (N, G, K, C, P, Q, R, S) = {u[3]}")
    lines += ["", "## Commands", ""] + [f"    {c}" for c in commands]
    lines += ["", "## Per layer", "", "| model | batch | layer | MACs | measured µs | Loupe µs | ratio | bound | util |",
              "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['model']} | {r['batch']} | {r['layer']} | {r['macs']:,} | {r['measured_us']:.1f} | "
                     f"{r['loupe_us']:.1f} | {r['ratio']:.2f} | {r['bound']} | {r['utilization']:.2f} |")
    text = "\n".join(lines) + "\n"
    with open(os.path.join(args.out, "comparison.md"), "w") as f:
        f.write(text)
    print("\n".join(lines[:lines.index("## Commands")]))


if __name__ == "__main__":
    sys.exit(main())
