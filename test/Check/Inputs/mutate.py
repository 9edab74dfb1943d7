"""Damages objects at random and runs uniqlink-check over the damaged copies.

usage: mutate.py SEED COUNT OUTDIR OBJ...
Writes COUNT damaged copies of each OBJ (random byte and header-field
damage, truncations) into OUTDIR, then runs `uniqlink-check --all --carve
OUTDIR` and fails if it does not exit with 0, 1 or 2 (a crash, an abort or
a hang).
"""
import os
import random
import subprocess
import sys

seed, count, outdir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(seed)
os.makedirs(outdir, exist_ok=True)
for path in sys.argv[4:]:
    good = open(path, "rb").read()
    base = os.path.basename(path)
    for i in range(count):
        bad = bytearray(good)
        mode = rng.randrange(4)
        if mode == 0:  # A few random bytes anywhere.
            for _ in range(rng.randrange(1, 8)):
                bad[rng.randrange(len(bad))] = rng.randrange(256)
        elif mode == 1:  # Damage the headers (first 256 bytes) more often.
            for _ in range(rng.randrange(1, 4)):
                bad[rng.randrange(min(256, len(bad)))] = rng.randrange(256)
        elif mode == 2:  # A 32-bit field set to an extreme value.
            off = rng.randrange(0, len(bad) - 4) & ~3
            bad[off:off + 4] = rng.choice(
                [b"\xff\xff\xff\xff", b"\xff\xff\xff\x7f", b"\x00\x00\x00\x80"])
        else:  # Truncation.
            bad = bad[:rng.randrange(len(bad))]
        with open(os.path.join(outdir, "%s.%d" % (base, i)), "wb") as f:
            f.write(bad)

try:
    rc = subprocess.call(["uniqlink-check", "--all", "--carve", "--quiet",
                          outdir], stdout=subprocess.DEVNULL, timeout=300)
except subprocess.TimeoutExpired:
    sys.exit("mutate.py: uniqlink-check hung")
if rc not in (0, 1, 2):
    sys.exit("mutate.py: uniqlink-check exited with %d" % rc)
print("mutate.py: ok")
