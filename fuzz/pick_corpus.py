#!/usr/bin/env python3
"""Keeps the committed corpus small: from a libFuzzer merge control file (written by
`TARGET -merge=1 -merge_control_file=CTL OUT corpus/TARGET target/found/TARGET`), picks at most K
inputs that, with the hand-written seeds, cover the most coverage features (greedy set cover,
smaller inputs first on a tie). corpus/TARGET/ then holds the seeds and those K, named by their
SHA-1 as libFuzzer names inputs; inputs picked by an earlier run compete again and go if not picked.

usage: fuzz/pick_corpus.py CTL CORPUS_DIR [K]
"""

import hashlib
import os
import re
import sys

PICKED = re.compile(r"^[0-9a-f]{40}$")


def main() -> int:
    ctl, corpus = sys.argv[1], sys.argv[2]
    keep = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    with open(ctl, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    count = int(lines[0])
    files = lines[2 : 2 + count]
    features: dict[int, set[int]] = {}
    for line in lines[2 + count :]:
        if line.startswith("FT "):
            parts = line.split()
            features[int(parts[1])] = set(map(int, parts[2:]))
    seeds = {os.path.abspath(os.path.join(corpus, n)) for n in os.listdir(corpus) if not PICKED.match(n)}
    earlier = [os.path.join(corpus, n) for n in os.listdir(corpus) if PICKED.match(n)]
    committed = seeds
    covered: set[int] = set()
    for i, path in enumerate(files):
        if os.path.abspath(path) in committed:
            covered |= features.get(i, set())
    picked = []
    candidates = {i for i in features if os.path.abspath(files[i]) not in committed}
    while len(picked) < keep and candidates:
        best = max(candidates, key=lambda i: (len(features[i] - covered), -os.path.getsize(files[i])))
        gain = len(features[best] - covered)
        if gain == 0:
            break
        picked.append(best)
        covered |= features[best]
        candidates.discard(best)
    chosen = {}
    for i in picked:
        with open(files[i], "rb") as f:
            data = f.read()
        chosen[hashlib.sha1(data).hexdigest()] = data
    for path in earlier:
        if os.path.basename(path) not in chosen:
            os.remove(path)
    for name, data in chosen.items():
        with open(os.path.join(corpus, name), "wb") as f:
            f.write(data)
    total = len(set().union(*features.values())) if features else 0
    print(f"{corpus}: {len(picked)} inputs kept beside the seeds; together they cover {len(covered)} of {total} features")
    return 0


if __name__ == "__main__":
    sys.exit(main())
