#!/usr/bin/env python3
"""Measures isolated fp16 layer times of torchvision networks on the local GPU.

Loupe's GPU validation (docs/validation.md, "GPU layer times") compares its estimates with the
CSV this script writes. Method, per conv/linear layer of AlexNet, VGG-16, ResNet-50 and
MobileNet-v2 at batch 1 and 32 (224×224 inputs, random weights: no download needed):
  * the layer is rebuilt alone (same shape, stride, padding, groups, bias), fp16, channels-last
    for convolutions, cudnn.benchmark on (cuDNN picks its fastest algorithm, as in inference);
  * before each timed call the L2 is flushed by writing a buffer of 4× the L2 size, then the GPU
    spins for ~200 µs (torch.cuda._sleep) so that the host has queued the start event, every
    kernel of the layer and the end event before the GPU reaches them: the CUDA events then
    bracket GPU time alone, without host launch latency (about 20 µs per kernel on these
    virtualised machines), as in a CUDA graph;
  * the median of REPS calls is reported, with min and the L2-warm median (the layer run once just before, no flush) beside it.
Layers with identical configurations are measured once and the figure is reused.

Usage: python3 measure_layers.py OUTDIR   (writes OUTDIR/gpu_layer_times.csv and gpu_env.json)
"""
import json
import os
import statistics
import subprocess
import sys
import time

import torch
import torch.nn as nn
import torchvision

REPS = 25
WARM_REPS = 10
SPIN_CYCLES = 400_000  # ~200 µs at 1.98 GHz: longer than the host needs to queue one layer
MODELS = ["alexnet", "vgg16", "resnet50", "mobilenet_v2"]
BATCHES = [1, 32]


def capture_layers(model_name, batch):
    """Runs the model once (fp16, on the GPU) and records every Conv2d/Linear's input shape."""
    model = getattr(torchvision.models, model_name)(weights=None).eval().half().cuda()
    shapes = []

    def hook(name):
        def f(module, inputs, output):
            shapes.append((name, module, tuple(inputs[0].shape), tuple(output.shape)))
        return f

    handles = [m.register_forward_hook(hook(n)) for n, m in model.named_modules()
               if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        model(torch.zeros(batch, 3, 224, 224, device="cuda", dtype=torch.float16))
    for h in handles:
        h.remove()
    return shapes


def layer_key(module, in_shape):
    if isinstance(module, nn.Conv2d):
        return ("conv", in_shape, module.out_channels, module.kernel_size, module.stride, module.padding,
                module.dilation, module.groups, module.bias is not None)
    return ("linear", in_shape, module.out_features, module.bias is not None)


def build(module):
    if isinstance(module, nn.Conv2d):
        m = nn.Conv2d(module.in_channels, module.out_channels, module.kernel_size, module.stride, module.padding,
                      module.dilation, module.groups, module.bias is not None)
        return m.to(device="cuda", dtype=torch.float16, memory_format=torch.channels_last)
    m = nn.Linear(module.in_features, module.out_features, module.bias is not None)
    return m.to(device="cuda", dtype=torch.float16)


def time_layer(module, in_shape, flush):
    m = build(module)
    x = torch.randn(in_shape, device="cuda", dtype=torch.float16)
    if isinstance(module, nn.Conv2d):
        x = x.contiguous(memory_format=torch.channels_last)
    with torch.no_grad():
        for _ in range(5):
            m(x)
        torch.cuda.synchronize()
        cold, warm = [], []
        for _ in range(REPS):
            flush.zero_()
            torch.cuda._sleep(SPIN_CYCLES)
            s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            s.record(); m(x); e.record()
            torch.cuda.synchronize()
            cold.append(s.elapsed_time(e) * 1000.0)
        for _ in range(WARM_REPS):
            m(x)  # the layer's own data back in L2
            torch.cuda._sleep(SPIN_CYCLES)
            s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            s.record(); m(x); e.record()
            torch.cuda.synchronize()
            warm.append(s.elapsed_time(e) * 1000.0)
    return statistics.median(cold), min(cold), statistics.median(warm)


def macs_of(module, in_shape, out_shape):
    if isinstance(module, nn.Conv2d):
        n, k, p, q = out_shape
        r, s = module.kernel_size
        return n * k * p * q * (module.in_channels // module.groups) * r * s
    rows = 1
    for d in in_shape[:-1]:
        rows *= d
    return rows * module.in_features * module.out_features


def peaks(flush):
    """Ceilings measured the same way: fp16 GEMM rate and HBM copy bandwidth."""
    out = {}
    a = torch.randn(8192, 8192, device="cuda", dtype=torch.float16)
    b = torch.randn(8192, 8192, device="cuda", dtype=torch.float16)
    for _ in range(3):
        a @ b
    torch.cuda.synchronize()
    s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    s.record()
    for _ in range(10):
        a @ b
    e.record(); torch.cuda.synchronize()
    out["fp16_gemm_8192_tflops"] = 2 * 8192 ** 3 * 10 / (s.elapsed_time(e) / 1000) / 1e12
    src = torch.empty(2 * 1024 ** 3, dtype=torch.uint8, device="cuda")
    dst = torch.empty_like(src)
    dst.copy_(src); torch.cuda.synchronize()
    s.record()
    for _ in range(10):
        dst.copy_(src)
    e.record(); torch.cuda.synchronize()
    out["hbm_copy_read_plus_write_TBps"] = 2 * src.numel() * 10 / (s.elapsed_time(e) / 1000) / 1e12
    small = torch.empty(16 * 1024 ** 2, dtype=torch.uint8, device="cuda")
    small2 = torch.empty_like(small)
    for _ in range(5):
        small2.copy_(small)
    torch.cuda.synchronize()
    s.record()
    for _ in range(200):
        small2.copy_(small)
    e.record(); torch.cuda.synchronize()
    out["l2_resident_copy_16MiB_read_plus_write_TBps"] = 2 * small.numel() * 200 / (s.elapsed_time(e) / 1000) / 1e12
    # Empty-kernel launch-to-completion time on an idle stream (the fixed per-kernel cost).
    t = torch.zeros(1, device="cuda")
    times, queued = [], []
    for _ in range(50):
        s.record(); t.add_(1); e.record(); torch.cuda.synchronize()
        times.append(s.elapsed_time(e) * 1000.0)
        torch.cuda._sleep(SPIN_CYCLES)
        s.record(); t.add_(1); e.record(); torch.cuda.synchronize()
        queued.append(s.elapsed_time(e) * 1000.0)
    out["tiny_kernel_launch_to_end_us_median"] = statistics.median(times)
    out["tiny_kernel_queued_us_median"] = statistics.median(queued)
    del a, b, src, dst, small, small2
    torch.cuda.empty_cache()
    return out


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(outdir, exist_ok=True)
    torch.backends.cudnn.benchmark = True
    props = torch.cuda.get_device_properties(0)
    l2 = getattr(props, "L2_cache_size", 50 * 1024 ** 2)
    flush = torch.empty(max(4 * l2, 256 * 1024 ** 2) // 4, dtype=torch.float32, device="cuda")
    env = {"device": props.name, "sms": props.multi_processor_count, "l2_bytes": l2,
           "memory_bytes": props.total_memory, "torch": torch.__version__,
           "cudnn": torch.backends.cudnn.version(), "cuda": torch.version.cuda,
           "flush_bytes": flush.numel() * 4, "reps": REPS, "date": time.strftime("%Y-%m-%d")}
    try:
        env["nvidia_smi"] = subprocess.run(
            ["nvidia-smi", "--query-gpu=name,driver_version,clocks.max.sm,clocks.max.mem,power.limit",
             "--format=csv,noheader"], capture_output=True, text=True, timeout=20).stdout.strip()
    except Exception as exc:  # noqa: BLE001 - informational only
        env["nvidia_smi"] = f"unavailable: {exc}"
    env.update(peaks(flush))
    print(json.dumps(env, indent=1), flush=True)
    cache = {}
    rows = []
    t0 = time.time()
    for model_name in MODELS:
        for batch in BATCHES:
            for name, module, in_shape, out_shape in capture_layers(model_name, batch):
                key = layer_key(module, in_shape)
                if key not in cache:
                    cache[key] = time_layer(module, in_shape, flush)
                cold, best, warm = cache[key]
                conv = isinstance(module, nn.Conv2d)
                rows.append({
                    "model": model_name, "batch": batch, "layer": name, "op": "conv" if conv else "linear",
                    "in_shape": "x".join(map(str, in_shape)), "out_shape": "x".join(map(str, out_shape)),
                    "kernel": "x".join(map(str, module.kernel_size)) if conv else "",
                    "stride": module.stride[0] if conv else "", "padding": module.padding[0] if conv else "",
                    "groups": module.groups if conv else 1,
                    "macs": macs_of(module, in_shape, out_shape),
                    "median_us": f"{cold:.3f}", "min_us": f"{best:.3f}", "l2_warm_median_us": f"{warm:.3f}",
                })
            print(f"{model_name} batch {batch}: {len(rows)} rows, {len(cache)} distinct, {time.time() - t0:.1f} s",
                  flush=True)
    cols = list(rows[0].keys())
    with open(os.path.join(outdir, "gpu_layer_times.csv"), "w") as f:
        f.write(",".join(cols) + "\n")
        for r in rows:
            f.write(",".join(str(r[c]) for c in cols) + "\n")
    with open(os.path.join(outdir, "gpu_env.json"), "w") as f:
        json.dump(env, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
