#!/usr/bin/env python3
"""Top costs of a JFR recording (PROFILE=1 of run.sh writes one per scenario).

    controller-tests/bench/jfr-top.py /tmp/baton-bench-<uid>/burst-pod.jfr [TOP=25]

Reads the CPU samples (jdk.ExecutionSample) through `jfr print` and prints the methods most often on
top of the stack (self) and most often anywhere in it (total), as shares of all samples; the "total"
list, restricted to dev.baton and JOSDK frames, shows which of the operator's own calls the time goes to.
"""
import collections
import re
import subprocess
import sys

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", path],
                      check=True, capture_output=True, text=True).stdout

frame = re.compile(r"^\s+([\w$.<>/]+)\(.*\)\s+line:")
stacks, current = [], None
for line in text.splitlines():
    if line.startswith("jdk.ExecutionSample"):
        current = []
        stacks.append(current)
    elif current is not None:
        m = frame.match(line)
        if m:
            current.append(m.group(1))

n = len(stacks) or 1
self_counts = collections.Counter(s[0] for s in stacks if s)
total_counts = collections.Counter(f for s in stacks for f in set(s))


def show(title, counter, keep=lambda f: True):
    print(f"\n{title} ({len(stacks)} samples)")
    for f, c in [(f, c) for f, c in counter.most_common() if keep(f)][:top]:
        print(f"  {100.0 * c / n:5.1f}%  {f}")


show("self", self_counts)
show("total, operator frames", total_counts, lambda f: f.startswith(("dev.baton", "io.javaoperatorsdk")))
show("total, all frames", total_counts)
