#!/usr/bin/env python3
"""bench.py - winnow's speed, memory and accuracy benchmark (run it with run.sh).

For each corpus size it generates (or reuses) a corpus with gen_corpus.py and
measures, as the median of --runs runs on a warm page cache (in rounds: each
round runs every configuration once, so that a change of load on a shared
machine weighs on all of them alike):
  - the pipeline stages alone, through `winnow bench-stage STAGE INPUT` (read,
    normalise, clean, sketch; each runs the pipeline up to and including STAGE
    on one thread and writes nothing); a stage the program does not offer is
    reported as n/a;
  - `winnow dedup` with cleaning, with --no-clean, and with -j 1 / -j 2 when
    the program has -j;
  - `winnow stories` (read, clean, near-duplicates and story grouping, default
    options: the corpus's title, date and source fields), when the program has
    it, and `winnow stories --no-dedup` (no near-duplicate units: the memory of
    the story stage without that of the near-duplicate index);
  - the peer (a Go program on the ekzhu/minhash-lsh library, one core), when
    it was built;
and prints one Markdown table (also written to --out): wall time, MB/s,
MB/s per core, documents/s, CPU time, peak RSS and pairwise F1 against the
generator's gold groups (score_pairs.py), then the share of each kind of copy
found.

Time and memory come from the kernel's accounting of the child process
(wait4: user + system CPU time, maximum resident set size), the same counters
GNU time reports, so no external tool is needed. MB are 10^6 bytes.
Python 3 standard library only.
"""

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
STAGES = ("read", "normalise", "clean", "sketch")
KIND_ORDER = ("recrawl", "syndicated", "teaser", "updated", "exact")


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def parse_size(text):
    sys.dont_write_bytecode = True     # no __pycache__ in the source tree
    sys.path.insert(0, HERE)
    from gen_corpus import parse_size as ps
    return ps(text)


# ------------------------------------------------------------------ corpora

def file_sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def ensure_corpus(data, size, seed, dup_rate, gen_jobs):
    """The corpus of SIZE under DATA: reused when its recorded generator hash
    and options match, else generated. Returns (corpus, gold, meta, info)."""
    tag = size.lower()
    corpus = os.path.join(data, f"corpus-{tag}.jsonl")
    gold = os.path.join(data, f"gold-{tag}.jsonl")
    meta = os.path.join(data, f"meta-{tag}.jsonl")
    info_path = os.path.join(data, f"corpus-{tag}.info.json")
    gen = os.path.join(HERE, "gen_corpus.py")
    want = {"generator": file_sha(gen), "size": parse_size(size), "seed": seed,
            "dup_rate": dup_rate}
    try:
        with open(info_path) as f:
            info = json.load(f)
        if all(info.get(k) == v for k, v in want.items()) and \
                all(os.path.exists(p) for p in (corpus, gold, meta)) and \
                os.path.getsize(corpus) == info["bytes"]:
            log(f"reusing {corpus} ({info['docs']} documents)")
            return corpus, gold, meta, info
    except (OSError, ValueError, KeyError):
        pass
    os.makedirs(data, exist_ok=True)
    log(f"generating {size} corpus into {data} (gen_corpus.py --jobs {gen_jobs})")
    tmp = [p + ".tmp" for p in (corpus, gold, meta)]
    t0 = time.perf_counter()
    subprocess.run([sys.executable, gen, "--size", size, "--seed", str(seed),
                    "--dup-rate", str(dup_rate), "--jobs", str(gen_jobs),
                    "--out", tmp[0], "--gold", tmp[1], "--meta", tmp[2]], check=True)
    for t, p in zip(tmp, (corpus, gold, meta)):
        os.replace(t, p)
    with open(gold, "rb") as f:
        docs = sum(1 for _ in f)
    info = dict(want, bytes=os.path.getsize(corpus), docs=docs,
                seconds=round(time.perf_counter() - t0, 1))
    with open(info_path, "w") as f:
        json.dump(info, f)
    log(f"generated {info['bytes']} bytes, {docs} documents in {info['seconds']} s")
    return corpus, gold, meta, info


def warm(path):
    """Reads PATH once so that every measured run starts on a warm page cache."""
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


# -------------------------------------------------------------- measuring

GNU_TIME = "/usr/bin/time"


def run_once(cmd, stdout_path, env=None):
    """Runs CMD; returns (wall s, CPU s, peak RSS bytes or None, exit code, stderr).

    CPU time is the user + system time of the child and what it waited for
    (wait4). The peak RSS is GNU time's %M: measured in a process that GNU time
    forks itself, because a child forked from this Python process inherits the
    interpreter's ~25 MB in its high-water mark."""
    rss_file = None
    if os.access(GNU_TIME, os.X_OK):
        fd, rss_file = tempfile.mkstemp(prefix="bench-rss-")
        os.close(fd)
        cmd = [GNU_TIME, "-f", "%M", "-o", rss_file, *cmd]
    try:
        with tempfile.TemporaryFile() as err, \
                open(stdout_path or os.devnull, "wb") as out:
            t0 = time.perf_counter()
            p = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
            _, status, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t0
            p.returncode = os.waitstatus_to_exitcode(status)
            err.seek(0)
            text = err.read().decode("utf-8", "replace")
        rss = None
        if rss_file:
            with open(rss_file) as f:
                last = f.read().strip().splitlines()
            # GNU time writes "Command exited with non-zero status N" first on failure
            if last and last[-1].isdigit():
                rss = int(last[-1]) * 1024
    finally:
        if rss_file:
            os.unlink(rss_file)
    return wall, ru.ru_utime + ru.ru_stime, rss, p.returncode, text


def measure_rounds(jobs, runs):
    """Runs every job of JOBS ({key: (cmd, stdout path, env)}) RUNS times,
    one round of all jobs after another, so that a change in the machine's
    load during the benchmark weighs on every configuration alike. Returns
    {key: {"wall", "cpu", "rss"} medians, or {"error"} when a run failed}."""
    samples = {k: [] for k in jobs}
    failed = {}
    for r in range(runs):
        for key, (cmd, out, env) in jobs.items():
            if key in failed:
                continue
            log(f"  run {r + 1}/{runs}: {key}")
            wall, cpu, peak, rc, err = run_once(cmd, out, env)
            if rc != 0:
                log(f"{' '.join(cmd)}: exit {rc}\n{err[-2000:]}")
                failed[key] = {"error": f"exit {rc}"}
                continue
            samples[key].append((wall, cpu, peak))
    result = dict(failed)
    for key, got in samples.items():
        if key in failed:
            continue
        rss = [x[2] for x in got]
        result[key] = {"wall": statistics.median(x[0] for x in got),
                       "cpu": statistics.median(x[1] for x in got),
                       "rss": statistics.median(rss) if None not in rss else None}
    return result


def score(gold, meta, pred):
    out = subprocess.run([sys.executable, os.path.join(HERE, "score_pairs.py"), "--gold", gold,
                          "--pred", pred, "--meta", meta, "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


# ------------------------------------------------------------ capabilities

def has_jobs_flag(winnow):
    """Does `winnow dedup` take -j N? Read from its --help."""
    p = subprocess.run([winnow, "dedup", "--help"], capture_output=True, text=True)
    return re.search(r"(^|[\s,])(-j\b|--jobs\b|--threads\b)", p.stdout + p.stderr, re.M) is not None


def stage_available(winnow, stage, probe):
    p = subprocess.run([winnow, "bench-stage", stage, probe], capture_output=True)
    return p.returncode == 0


def version_line(winnow, src):
    v = subprocess.run([winnow, "--version"], capture_output=True, text=True).stdout.strip()
    commit = "unknown commit"
    if shutil.which("git") and src:
        r = subprocess.run(["git", "-C", src, "rev-parse", "--short", "HEAD"],
                           capture_output=True, text=True)
        if r.returncode == 0:
            commit = r.stdout.strip()
            d = subprocess.run(["git", "-C", src, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True)
            if d.stdout.strip():
                commit += " + uncommitted changes"
    return f"{v or 'winnow'} at commit {commit}"


def machine_line():
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({model}){mem}, {platform.system()}, " \
           f"Python {platform.python_version()}"


# ------------------------------------------------------------------ table

def fmt(x, digits=1):
    return "n/a" if x is None else f"{x:,.{digits}f}"


def row_cells(size, name, threads, m, info, peer_per_core=None, f1=None):
    """A table row. Per-core figures divide by CPU time (user + system), which a
    busy machine disturbs less than wall time; wall figures are given too."""
    mb = info["bytes"] / 1e6
    if m is None or "error" in m:
        why = "n/a" if m is None else m["error"]
        return [size, name, str(threads) if threads else "", why] + [""] * (len(HEADER) - 4)
    cpu = max(m["cpu"], 1e-6)
    per_core = mb / cpu
    ratio = f"{per_core / peer_per_core:.1f}×" if peer_per_core else ""
    rss = m["rss"]
    return [size, name, str(threads), f"{m['wall']:.2f}", f"{m['cpu']:.2f}", fmt(mb / m["wall"]),
            fmt(per_core), f"{info['docs'] / cpu:,.0f}",
            "n/a" if rss is None else fmt(rss / 2**20, 0),
            "n/a" if rss is None else f"{rss / info['bytes']:.2f}",
            "" if f1 is None else f"{f1:.3f}", ratio]


HEADER = ["corpus", "tool / stage", "threads", "wall s", "CPU s", "MB/s (wall)",
          "MB/s per core", "docs/s per core", "peak RSS MiB", "RSS / corpus",
          "pairwise F1", "per core vs peer"]


def markdown(rows, header):
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" if i < 2 else "---:" for i in range(len(header))) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(r) + " |")
    return "\n".join(lines)


# ------------------------------------------------------------------- main

def main(argv=None):
    ap = argparse.ArgumentParser(description="winnow speed/memory/F1 benchmark")
    ap.add_argument("--winnow", required=True)
    ap.add_argument("--peer", help="the Go peer binary (omit to skip it)")
    ap.add_argument("--peer-skip-reason", default="not built")
    ap.add_argument("--data", required=True, help="corpus cache and outputs")
    ap.add_argument("--out", required=True, help="the Markdown results file")
    ap.add_argument("--sizes", default="100M 1G")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dup-rate", type=float, default=0.2)
    ap.add_argument("--gen-jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--src", help="source tree, for the commit in the report")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be >= 1")
    sizes = args.sizes.split()
    ncpu = os.cpu_count() or 1
    winnow = args.winnow
    jobs = has_jobs_flag(winnow)
    log(f"winnow dedup {'has' if jobs else 'has no'} -j")
    outdir = os.path.join(args.data, "out")
    os.makedirs(outdir, exist_ok=True)

    # What is measured: read now, before the tree can move on during the runs.
    version = version_line(winnow, args.src)
    built = time.strftime("%Y-%m-%d %H:%M", time.localtime(os.path.getmtime(winnow)))
    rows, kind_rows, identical, speedups = [], [], [], []
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    if not os.access(GNU_TIME, os.X_OK):
        log(f"{GNU_TIME} not found: peak RSS will be n/a (install the Debian package 'time')")
    stages_seen = None
    # the story grouping, when the program has it: the whole command (read,
    # clean, near-duplicates, stories), default options
    has_stories = subprocess.run([winnow, "stories", "--help"],
                                 capture_output=True).returncode == 0
    for size in sizes:
        corpus, gold, meta, info = ensure_corpus(args.data, size, args.seed, args.dup_rate,
                                                 args.gen_jobs)
        warm(corpus)
        label = f"{size} ({info['bytes'] / 1e6:,.0f} MB, {info['docs']:,} docs)"
        if stages_seen is None:
            probe = os.path.join(args.data, "probe.jsonl")
            with open(corpus, "rb") as f, open(probe, "wb") as p:
                for _ in range(20):
                    p.write(f.readline())
            stages_seen = [s for s in STAGES if stage_available(winnow, s, probe)]
            log(f"stages available alone: {', '.join(stages_seen) or 'none'}")

        configs = [("dedup (clean)", [], ncpu if jobs else 1),
                   ("dedup --no-clean", ["--no-clean"], ncpu if jobs else 1)]
        if jobs:
            configs += [("dedup -j 1", ["-j", "1"], 1), ("dedup -j 2", ["-j", "2"], 2),
                        ("dedup --no-clean -j 1", ["--no-clean", "-j", "1"], 1)]
        todo, outputs = {}, {}
        for s in stages_seen:
            todo[f"stage {s}"] = ([winnow, "bench-stage", s, corpus], None, None)
        for name, extra, _ in configs:
            out = os.path.join(outdir, f"{size}-{re.sub(r'[^a-z0-9]+', '-', name).strip('-')}.jsonl")
            outputs[name] = out
            todo[name] = ([winnow, "dedup", "-q", *extra, "-o", out, corpus], out, None)
        if has_stories:
            out = os.path.join(outdir, f"{size}-stories.jsonl")
            todo["stories"] = ([winnow, "stories", "-q", "-o", out,
                                "--stories", out + ".stories", corpus], out, None)
            out = os.path.join(outdir, f"{size}-stories-no-dedup.jsonl")
            todo["stories --no-dedup"] = ([winnow, "stories", "-q", "--no-dedup", "-o", out, corpus], out, None)
        if args.peer:
            out = os.path.join(outdir, f"{size}-peer.jsonl")
            outputs["peer"] = out
            todo["peer"] = ([args.peer, "-o", out, corpus], out,
                            dict(os.environ, GOMAXPROCS="1"))   # one core
        log(f"{size}: {len(todo)} configurations x {args.runs} runs")
        got = measure_rounds(todo, args.runs)

        # The peer's per-core speed is the yardstick of the ratio column.
        peer_m = got.get("peer")
        peer_score = None
        peer_per_core = None
        if peer_m and "error" not in peer_m:
            peer_score = score(gold, meta, outputs["peer"])
            peer_per_core = info["bytes"] / 1e6 / max(peer_m["cpu"], 1e-6)

        for s in STAGES:
            name = f"stage: read → {s}" if s != "read" else "stage: read"
            if s in stages_seen:
                rows.append(row_cells(label, name, 1, got[f"stage {s}"], info))
            else:
                rows.append(row_cells(label, name, None, None, info))

        digests, walls = {}, {}
        for name, extra, threads in configs:
            m = got[name]
            f1 = None
            if "error" not in m:
                walls[name] = m["wall"]
                sc = score(gold, meta, outputs[name])
                f1 = sc["f1"]
                digests[name] = file_sha(outputs[name])
                if name in ("dedup (clean)", "dedup --no-clean"):
                    kind_rows.append((size, f"winnow {name}", sc))
            rows.append(row_cells(label, f"winnow {name}", threads, m, info, peer_per_core, f1))
        if not jobs:
            for name in ("dedup -j 1", "dedup -j 2"):
                rows.append(row_cells(label, f"winnow {name}", None, None, info))
        else:
            clean_runs = [d for n, d in digests.items() if "no-clean" not in n]
            raw_runs = [d for n, d in digests.items() if "no-clean" in n]
            same = len(set(clean_runs)) <= 1 and len(set(raw_runs)) <= 1
            identical.append(f"{size}: outputs of every thread count "
                             f"{'byte-identical' if same else 'DIFFER'}")
            if "dedup -j 1" in walls and "dedup -j 2" in walls:
                speedups.append(f"{size}: {walls['dedup -j 1'] / walls['dedup -j 2']:.2f}×")

        if has_stories:
            rows.append(row_cells(label, "winnow stories (clean, dedup, stories)",
                                  ncpu, got["stories"], info))
            rows.append(row_cells(label, "winnow stories --no-dedup (clean, stories)",
                                  ncpu, got["stories --no-dedup"], info))
        if args.peer:
            rows.append(row_cells(label, "peer: Go ekzhu/minhash-lsh", 1, peer_m, info, None,
                                  peer_score["f1"] if peer_score else None))
            if peer_score:
                kind_rows.append((size, "peer: Go ekzhu/minhash-lsh", peer_score))
        else:
            rows.append(row_cells(label, "peer: Go ekzhu/minhash-lsh", None,
                                  {"error": f"skipped ({args.peer_skip_reason})"}, info))

    # The share of each kind of copy found with its origin.
    kinds = [k for k in KIND_ORDER if any(k in sc.get("kinds", {}) for _, _, sc in kind_rows)]
    kind_table = markdown(
        [[s, n, f"{sc['precision']:.3f}", f"{sc['recall']:.3f}"] +
         [f"{sc['kinds'][k]['recall']:.2f}" if k in sc["kinds"] else "" for k in kinds]
         for s, n, sc in kind_rows],
        ["corpus", "tool", "pair precision", "pair recall"] + [f"{k} found" for k in kinds])

    report = [
        "# winnow benchmark results", "",
        f"- winnow: {version} (the source tree when the runs began; binary built {built})",
        f"- machine: {machine_line()}",
        f"- date: {time.strftime('%Y-%m-%d %H:%M')}",
        f"- load average before the runs: {load_before}",
        f"- runs: median of {args.runs}, warm page cache; MB = 10^6 bytes; MB/s (wall) = MB ÷ "
        f"wall seconds; MB/s and docs/s per core = MB or documents ÷ CPU seconds (user + "
        f"system); peak RSS = maximum resident set size (GNU time)",
        f"- corpus: bench/gen_corpus.py --seed {args.seed} --dup-rate {args.dup_rate}",
        f"- peer: {'Go ekzhu/minhash-lsh, 128 permutations, threshold 0.8, GOMAXPROCS=1' if args.peer else 'skipped: ' + args.peer_skip_reason}",
        "", markdown(rows, HEADER), "",
        "Copies found with their original (share of each kind) and pairwise precision/recall:", "",
        kind_table, ""]
    if identical:
        report += ["Thread counts: " + "; ".join(identical) + ".", ""]
    if speedups:
        report += ["Wall-clock speed-up of `dedup -j 2` over `-j 1` (with cleaning): " +
                   "; ".join(speedups) + ".", ""]
    if len(stages_seen or []) < len(STAGES):
        report += ["Stages marked n/a: `winnow bench-stage STAGE INPUT` is not available for them.", ""]
    text = "\n".join(report)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    print(text)
    log(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
