#!/usr/bin/env python3
"""The DPN layer written for speed in PyTorch, timed at the quick points beside dpn4j's LayerBenchmark.

Optional, outside `mvn test` and CI: needs PyTorch (Debian: `apt-get install python3-torch`). `run.sh pytorch` runs
dpn4j's JMH points and this script one after the other at each thread count and writes the RESULTS.md section.

The same layer as dpn4j's kernel: P_i = A_i^T A_i formed once per forward; a FULL step is one GEMM
Y = x [P_1 ... P_k] plus O(B k d) work (V_i = Y_i - P_i mu_i, q_i = V_i . (x - mu_i), r = softmax(c - q/2),
grad = -sum_i r_i V_i); DIAGONAL is two thin GEMMs. Training: detach between steps (the point each gradient is taken
at is cut from the graph, the update is not), loss MSE against a target as LayerBenchmark's LossLayer, autograd for
the backward. float32, B=128, k=20, n=10, parameters as dpn4j initialises them (mu ~ N(0,1), A = I, c = 0,
alpha = 0.1), input and target N(0,1).

    python3 compare.py --threads 1 --out torch-1.json
    python3 compare.py --report --section pytorch --results RESULTS.md --torch torch-*.json --jmh layer-*.json
"""
import argparse
import json
import os
import platform
import re
import statistics
import sys
import time

POINTS = [("FULL", 64), ("FULL", 256), ("DIAGONAL", 256)]
BATCH, COMPONENTS, STEPS = 128, 20, 10


def layer(torch, precision, d):
    k = COMPONENTS
    g = torch.Generator().manual_seed(12345)
    mu = torch.randn(k, d, generator=g).requires_grad_()
    A = (torch.eye(d).repeat(k, 1, 1) if precision == "FULL" else torch.ones(k, d)).requires_grad_()
    c = torch.zeros(k).requires_grad_()
    alpha = torch.tensor(0.1).requires_grad_()
    x = torch.randn(BATCH, d, generator=g)
    target = torch.randn(BATCH, d, generator=g)

    def full_step(point, Pcat, m):
        V = (point @ Pcat).view(-1, k, d) - m                                   # P_i (x - mu_i)   [B, k, d]
        q = (V * (point.unsqueeze(1) - mu)).sum(-1)                            # [B, k]
        r = torch.softmax(c - 0.5 * q, dim=1)
        return -(r.unsqueeze(-1) * V).sum(1)                                   # [B, d]

    def diagonal_step(point, P, Pm, kappa):
        q = (point * point) @ P.t() - 2.0 * (point @ Pm.t()) + kappa
        r = torch.softmax(c - 0.5 * q, dim=1)
        return r @ Pm - point * (r @ P)

    def forward(point):
        if precision == "FULL":
            P = A.transpose(1, 2) @ A                                          # [k, d, d], once per forward
            Pcat = P.permute(1, 0, 2).reshape(d, k * d)
            m = (P @ mu.unsqueeze(-1)).squeeze(-1)                              # P_i mu_i
            step = lambda p: full_step(p, Pcat, m)
        else:
            P = A * A
            Pm = P * mu
            kappa = (Pm * mu).sum(1)
            step = lambda p: diagonal_step(p, P, Pm, kappa)
        for _ in range(STEPS):
            point = point + alpha * step(point.detach())
        return point

    def infer():
        with torch.no_grad():
            return forward(x)

    def train():
        for p in (mu, A, c, alpha):
            p.grad = None
        loss = torch.nn.functional.mse_loss(forward(x), target)
        loss.backward()
        return loss

    return infer, train


def measure(fn, clock, seconds=1.0, warmup=3, iterations=5):
    """ms per call over `iterations` blocks of about `seconds` each, after `warmup` such blocks: wall clock, the mean
    (as JMH's average); CPU time of the calling thread, the median (as LayerCpuTime)."""
    now = time.perf_counter if clock == "wall" else time.thread_time

    def block():
        calls, start = 0, now()
        while True:
            fn()
            calls += 1
            elapsed = now() - start
            if elapsed >= seconds:
                return elapsed * 1e3 / calls
    for _ in range(warmup):
        block()
    times = [block() for _ in range(iterations)]
    return statistics.mean(times) if clock == "wall" else statistics.median(times)


def run(args):
    import torch
    torch.set_num_threads(args.threads)
    rows = []
    for precision, d in POINTS:
        infer, train = layer(torch, precision, d)
        rows.append({"precision": precision, "width": d, "method": "forward", "ms": measure(infer, args.clock)})
        rows.append({"precision": precision, "width": d, "method": "forwardBackward",
                     "ms": measure(train, args.clock)})
    out = {"threads": args.threads, "clock": args.clock, "torch": torch.__version__,
           "blas": torch.__config__.show(), "rows": rows}
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
    for r in rows:
        print(f"threads={args.threads} {args.clock} {r['precision']} d={r['width']} {r['method']}: {r['ms']:.2f} ms")


def jmh_rows(paths):
    """(threads, precision, width, method) -> ms/op from JMH JSON files of LayerBenchmark."""
    out = {}
    for path in paths:
        threads = int(re.search(r"(\d+)", os.path.basename(path).split("-t")[-1]).group(1))
        for r in json.load(open(path)):
            p = r["params"]
            method = r["benchmark"].rsplit(".", 1)[1]
            out[(threads, p["precision"], int(p["width"]), method)] = r["primaryMetric"]["score"]
    return out


def timings(paths):
    """(threads, precision, width, method) -> ms from this script's or LayerCpuTime's JSON."""
    out = {}
    for path in paths:
        text = open(path).read()
        try:
            t = json.loads(text)
        except json.JSONDecodeError:   # LayerCpuTime's line after the JVM's own output
            t = json.loads([line for line in text.splitlines() if line.startswith("{")][-1])
        for r in t["rows"]:
            out[(t["threads"], r["precision"], r["width"], r["method"])] = r["ms"]
    return out


def table(lines, ours, theirs, label):
    lines += [f"| threads | point | method | dpn4j {label} | PyTorch {label} | dpn4j / PyTorch | target <= 0.8 |",
              "|---:|---|---|---:|---:|---:|---|"]
    for key in sorted(theirs):
        threads, precision, width, method = key
        mine = ours.get(key)
        if mine is None:
            lines.append(f"| {threads} | {precision} d={width} | {method} | not measured | {theirs[key]:.2f} | - | - |")
            continue
        ratio = mine / theirs[key]
        verdict = "met" if ratio <= 0.8 else "**missed**"
        lines.append(f"| {threads} | {precision} d={width} | {method} | {mine:.2f} | {theirs[key]:.2f} | "
                     f"{ratio:.2f} | {verdict} |")
    lines.append("")


def report(args):
    torch_version = json.load(open(args.torch[0]))["torch"] if args.torch else "?"
    torch_rows = timings(args.torch)
    jmh = jmh_rows(args.jmh)
    lines = [f"## {args.title}", "", "Command:", "", "```", args.command.strip(), "```", "",
             f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; PyTorch {torch_version}; "
             f"load during the run (uptime): {args.load}", "",
             "B=128, k=20, n=10, float32, DETACHED. Target: dpn4j / PyTorch <= 0.8 for forward and forward+backward "
             "at every thread count.", "",
             "Wall clock, ms per call (JMH average for dpn4j; PyTorch: the mean of 5 one-second blocks after 3 "
             "warm-up blocks):", ""]
    table(lines, jmh, torch_rows, "ms")
    if args.cpu_torch and args.cpu_dpn4j:
        lines += ["CPU time of the calling thread, ms per call, one thread (the median of 5 blocks of one CPU "
                  "second after 3 warm-up blocks; `LayerCpuTime` for dpn4j): what the work costs, whatever else "
                  "the machine runs.", ""]
        table(lines, timings(args.cpu_dpn4j), timings(args.cpu_torch), "CPU ms")
    section = "\n".join(lines)
    write_section(args.results, args.section, section)
    print(section)


def write_section(path, section, body):
    start, end = f"<!-- section:{section} -->", f"<!-- /section:{section} -->"
    text = open(path).read() if os.path.exists(path) else "# dpn4j benchmark results\n"
    block = f"{start}\n{body}{end}"
    if start in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    ap.add_argument("--out", default="torch.json", help="where to write the timings (default torch.json)")
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                    help="wall clock (default) or the calling thread's CPU time")
    ap.add_argument("--cpu-torch", nargs="*", default=[], help="--clock cpu timings of this script")
    ap.add_argument("--cpu-dpn4j", nargs="*", default=[], help="LayerCpuTime's output")
    ap.add_argument("--report", action="store_true", help="write the RESULTS.md section from --torch and --jmh")
    ap.add_argument("--torch", nargs="*", default=[], help="timings written by this script")
    ap.add_argument("--jmh", nargs="*", default=[], help="LayerBenchmark JSON files named ...-tTHREADS.json")
    ap.add_argument("--results", default="RESULTS.md")
    ap.add_argument("--section", default="pytorch")
    ap.add_argument("--title", default="dpn4j beside PyTorch")
    ap.add_argument("--command", default="")
    ap.add_argument("--load", default="?")
    args = ap.parse_args()
    if args.report:
        report(args)
    else:
        run(args)


if __name__ == "__main__":
    sys.exit(main())
