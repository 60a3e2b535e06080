#!/usr/bin/env bash
# make hostile-gate: the cases of issue 11 (a gate whose exit 0 can be trusted) rebuilt from
# scratch and run against the release binary, one line each: the case, the exit status it must
# give, the exit status it gave, peak RSS and wall time (GNU time). Exits 1 when any case gives
# another status than it must. The files are made in a temporary folder (removed at the end) with
# `recordlint convert` and SampleData; nothing in the repository is written.
#   RECORDLINT=/path/to/recordlint  the binary to try (default: .build/release/recordlint, built)
#   TIMEOUT=20                      seconds before a case counts as hung (status "hang")
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
if [ -z "${RECORDLINT:-}" ]; then
    make -s build >/dev/null || exit 1
    RECORDLINT=$repo/.build/release/recordlint
fi
TIMEOUT=${TIMEOUT:-20}
if [ ! -x /usr/bin/time ]; then  # peak memory is read with GNU time
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq time >/dev/null
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/recordlint-hostile-gate.XXXXXX")
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
chmod 755 "$work"
cd "$work"
# A copy that an unprivileged user can run (the tests of permissions run as nobody when root).
install -m 755 "$RECORDLINT" ./recordlint
rl=$work/recordlint

# The files.
cp "$repo/SampleData/nan-values.rec" ./-dash.rec
mkdir -p data/locked && cp "$repo/SampleData/clean-dense.rec" data/a.rec
cp "$repo/SampleData/nan-values.rec" data/locked/b.rec
chmod -R a+rX data && chmod 000 data/locked
python3 - <<'EOF'
import os
# A record file under a path longer than PATH_MAX (4096), one folder at a time.
os.makedirs("long", exist_ok=True)
fd = os.open("long", os.O_RDONLY)
for level in range(20):
    name = "level%02d" % level + "x" * 240
    os.mkdir(name, dir_fd=fd)
    child = os.open(name, os.O_RDONLY, dir_fd=fd)
    os.close(fd)
    fd = child
out = os.open("deep.rec", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
os.write(out, open("-dash.rec", "rb").read())
os.close(out)
os.close(fd)
# A file name that is not UTF-8 (Latin-1 "café.rec").
os.makedirs("latin1", exist_ok=True)
open(b"latin1/caf\xe9.rec", "wb").write(open("-dash.rec", "rb").read())
# CSV for the larger files: 10 MB of 100 columns, and 8 kB.
with open("big.csv", "w") as f:
    for row in range(25000):
        f.write(",".join(["1"] + [str((row * 7 + c) % 97) for c in range(100)]) + "\n")
with open("small.csv", "w") as f:
    for row in range(20):
        f.write(",".join(["1"] + [str((row + c) % 9) for c in range(100)]) + "\n")
# Hyperparameters: a duplicate key, 5 MB of 87,000 keys, 3.9 MB of 60,000 keys, a huge feature_dim.
open("dup.json", "w").write('{"feature_dim":"10","feature_dim":"abc","predictor_type":"regressor"}')
open("hp.json", "w").write('{"feature_dim":"100","predictor_type":"regressor"}')
open("huge-fd.json", "w").write('{"feature_dim":"9223372036854775807","predictor_type":"regressor"}')
import json
open("keys-5mb.json", "w").write(json.dumps({"k%06d_" % i + "x" * 40: "v" * 10 for i in range(87000)}))
open("keys-3mb.json", "w").write(json.dumps({"k%06d_" % i + "x" * 40: "v" * 10 for i in range(60000)}))
EOF
"$rl" convert big.csv -o big.rec 2>/dev/null
"$rl" convert small.csv -o small.rec 2>/dev/null
mkdir walk && cp small.rec walk/a.rec && mkfifo walk/pipe.rec
ln -s nowhere walk-dangling.rec
mkdir dangling && cp small.rec dangling/a.rec && ln -s nowhere dangling/gone.rec
ln -s loop.rec loop.rec
mkfifo named.fifo late.fifo lonely.fifo once.fifo hp.fifo
echo keep >kept.txt && ln -s kept.txt link.tsv
cp small.rec shard-a.rec && cp big.rec shard-b.rec && ln shard-b.rec alias.tsv

unprivileged=""
if [ "$(id -u)" -eq 0 ]; then
    if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
        unprivileged="setpriv --reuid=65534 --regid=65534 --clear-groups"
    fi
fi

failed=0
printf '| %-62s | %5s | %4s | %9s | %7s |\n' "case" "must" "exit" "peak RSS" "time"
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..64})" "-------" "------" "-----------" "---------"
# run NAME MUST COMMAND: runs COMMAND (a shell line: $rl is the binary) under GNU time and a timeout.
run() {
    local name=$1 must=$2 command=$3 status rss seconds
    /usr/bin/time -f '%M %e' -o time.out timeout "$TIMEOUT" bash -c "$command" >/dev/null 2>case.err
    status=$?
    [ $status -eq 124 ] && status=hang
    read -r rss seconds < <(tail -1 time.out 2>/dev/null) || { rss=?; seconds=?; }
    [ "$rss" = "?" ] || rss="$((rss / 1024)) MB"
    printf '| %-62s | %5s | %4s | %9s | %5s s |\n' "$name" "$must" "$status" "$rss" "$seconds"
    [ "$status" = "$must" ] || { failed=1; sed 's/^/    /' case.err | head -3 >&2; }
}
export rl

# Fail-open paths.
run '`check -dash.rec` (a NaN inside): no help, a usage error' 64 '$rl check -dash.rec'
run '`check -- -dash.rec`' 1 '$rl check -- -dash.rec'
if [ -n "$unprivileged" ] || [ "$(id -u)" -ne 0 ]; then
    run 'unreadable subdirectory holding a NaN (as nobody)' 2 "$unprivileged \$rl check data"
else
    echo "| unreadable subdirectory: skipped (root, and setpriv cannot drop privileges) | | | | |"
fi
run 'a path longer than PATH_MAX in a walk' 2 '$rl check long'
run 'a file name that is not UTF-8 in a walk: checked, NaN found' 1 '$rl check latin1'
run 'a file name that is not UTF-8 named: checked' 1 '$rl check -- "$(printf "latin1/caf\351.rec")"'
run 'JSON: `fileBytes` (base64) decodes to a name that opens' 1 '$rl check --format json latin1 >r.json; s=$?; python3 -c "import json, base64; f = json.load(open(\"r.json\"))[\"findings\"][0]; assert f[\"file\"] == \"latin1/caf\\\\xE9.rec\"; open(base64.b64decode(f[\"fileBytes\"]))" && exit $s'
run '`filter --out` a name that is not UTF-8' 0 '$rl filter --out "$(printf "clean\351.rec")" -- latin1 small.rec && [ -s "$(printf "clean\351.rec")" ]'
run 'a dangling symlink in a walk' 2 '$rl check dangling'
run 'a dangling symlink named' 2 '$rl check walk-dangling.rec'
run 'a symlink loop named (ELOOP, not "no such file")' 2 '$rl check loop.rec'
run 'a FIFO in a walked directory: left out with a note' 0 '$rl check walk'
run 'a named FIFO with a writer: read as a stream' 0 'cat small.rec >named.fifo & $rl check named.fifo'
run 'a named FIFO, writer 2 s late: a note at 1 s, then checked' 1 '(sleep 2; cat -- -dash.rec >late.fifo) & $rl check late.fifo 2>note; s=$?; grep -q "waiting for a writer on FIFO late.fifo" note && exit $s'
run 'a named FIFO, no writer: a note at 1 s; `timeout 3` ends it' 0 'timeout 3 $rl check lonely.fifo 2>note; s=$?; grep -q "waiting for a writer on FIFO lonely.fifo" note && [ $s -eq 124 ]'
run '`filter` of a named FIFO (it reads inputs twice): refused' 64 '$rl filter --out copy.rec -- once.fifo'
run '`--hyperparameters` a FIFO without `--algorithm`: refused' 64 '$rl check small.rec --hyperparameters hp.fifo'
run 'check >/dev/full' 2 '$rl check -- -dash.rec >/dev/full'
run 'check --format json >/dev/full' 2 '$rl check --format json small.rec >/dev/full'
run 'check with standard output closed' 2 '$rl check small.rec >&-'
run 'stats >/dev/full' 2 '$rl stats small.rec >/dev/full'
run 'inspect --format json >/dev/full' 2 '$rl inspect small.rec --format json >/dev/full'
# Never clobber.
run '`--indices-out /dev/null` (refused; /dev/null stays a device)' 2 '$rl check --indices-out /dev/null -- -dash.rec; s=$?; [ -c /dev/null ] && exit $s'
run '`--indices-out` a symlink (refused; its target kept)' 2 '$rl check --indices-out link.tsv -- -dash.rec; s=$?; [ "$(cat kept.txt)" = keep ] && exit $s'
run '`--indices-out` the `--hyperparameters` file' 64 '$rl check small.rec --hyperparameters hp.json --algorithm linear-learner --indices-out hp.json'
run '`--indices-out` a hard link to another shard'"'"'s input' 64 '$rl check shard-a.rec shard-b.rec --shard 1/2 --indices-out alias.tsv'
run '`--indices-out /dev/stdout`' 1 '$rl check --indices-out /dev/stdout -- -dash.rec'
run '`filter --out` a symlink' 2 '$rl filter small.rec --out link.tsv'
# Numbers.
run '`--feature-dim 9223372036854775807`' 64 '$rl check small.rec --feature-dim 9223372036854775807'
run 'feature_dim 9223372036854775807 in a hyperparameters file' 1 '$rl check small.rec --hyperparameters huge-fd.json --algorithm linear-learner'
run '`--shard 0/9223372036854775807`' 0 '$rl check small.rec --shard 0/9223372036854775807'
run '`--shard 0/1000000000` on 8 kB' 0 '$rl check small.rec --shard 0/1000000000'
run '`--jobs 100000` (standard input)' 64 '$rl check --jobs 100000 - <small.rec'
run '`--jobs 4096` (standard input)' 0 '$rl check --jobs 4096 - <small.rec'
run '`--chunk-size 1000G` (standard input)' 64 '$rl check --chunk-size 1000G - <small.rec'
run '`--chunk-size 1G` (standard input)' 0 '$rl check --chunk-size 1G - <small.rec'
run '`--chunk-size 4` on 10 MB' 0 '$rl check big.rec --chunk-size 4'
run '`convert --chunk-size 1G` on 8 kB' 0 '$rl convert small.csv -o converted.pbr --chunk-size 1G'
# Hyperparameters files.
run 'duplicate key `{"feature_dim":"10","feature_dim":"abc"}`' 1 '$rl check --hyperparameters dup.json --algorithm linear-learner'
run '5 MB of 87,000 keys (over the 4 MiB limit)' 2 '$rl check --hyperparameters keys-5mb.json --algorithm linear-learner'
run '3.9 MB of 60,000 keys' 1 '$rl check --hyperparameters keys-3mb.json --algorithm linear-learner'
run '`--hyperparameters <(cat hp.json)`' 0 '$rl check small.rec --hyperparameters <(cat hp.json) --algorithm linear-learner'

[ $failed -eq 0 ] || echo "hostile-gate: some cases did not give the status they must (above)" >&2
exit $failed
