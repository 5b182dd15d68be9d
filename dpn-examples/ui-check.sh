#!/usr/bin/env bash
# The training UI as a user sees it: trains a tiny cnn-dpn run that records its stats, serves them with
# './dpn ui' on a free loopback port, loads the DPN page and DL4J's overview in headless Chromium, checks that the
# DPN listener's series and the DPN layer's parameters are on the page, and saves screenshots.
#
#   dpn-examples/ui-check.sh [SCREENSHOT_DIR]     (default: dpn-examples/docs/ui)
#
# Needs Chromium (Debian: apt-get install -y chromium); without it the check is skipped with a message (exit 0).
# Not part of 'mvn test' (it needs a browser); .ci/run calls it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHOTS="${1:-$ROOT/dpn-examples/docs/ui}"

BROWSER="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [[ -z "$BROWSER" ]]; then
    echo "ui-check: SKIPPED: no Chromium found (Debian: apt-get install -y chromium)"
    exit 0
fi

WORK="$(mktemp -d)"
UI_PID=""
cleanup() {
    [[ -n "$UI_PID" ]] && kill "$UI_PID" 2> /dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

"$ROOT/dpn" train --config cnn-dpn --runs "$WORK" --name ui-check --limit-train 512 --limit-test 128 --epochs 2 \
    --batch 64 -k 4 -n 3 --kmeans-examples 256 --stats-every 1 --no-progress > "$WORK/train.txt"
"$ROOT/dpn" ui --model "$WORK/ui-check" --port 0 --for 300 > "$WORK/ui.txt" 2>&1 &
UI_PID=$!
URL=""
for _ in $(seq 1 120); do
    URL="$(grep -o 'http://localhost:[0-9]*' "$WORK/ui.txt" | head -1 || true)"
    [[ -n "$URL" ]] && break
    kill -0 "$UI_PID" 2> /dev/null || { cat "$WORK/ui.txt"; echo "ui-check: FAILED: 'dpn ui' exited"; exit 1; }
    sleep 1
done
[[ -n "$URL" ]] || { cat "$WORK/ui.txt"; echo "ui-check: FAILED: no UI address after 120 s"; exit 1; }
URL="${URL/localhost/127.0.0.1}"
echo "ui-check: UI at $URL ($BROWSER)"

chrome() {
    "$BROWSER" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars "$@" 2> /dev/null
}
chrome --dump-dom "$URL/dpn" > "$WORK/dpn.html"
missing=0
for part in "Layer dpn" "alpha (step size)" "mean potential phi" "before the ascent" "after the ascent" \
        "mean step length" "responsibility entropy (nats)" "steps taken" "<td>5_mu</td>" "<td>5_A</td>" \
        "<td>5_c</td>" "<td>5_alpha</td>"; do
    if ! grep -qF "$part" "$WORK/dpn.html"; then
        echo "ui-check: missing from $URL/dpn: $part"
        missing=1
    fi
done
[[ "$missing" == 0 ]] || { echo "ui-check: FAILED"; exit 1; }
# DL4J's own overview page is drawn by its scripts: give them time before the screenshot
chrome --dump-dom --virtual-time-budget=10000 "$URL/train/overview" > "$WORK/overview.html"
grep -qi "score" "$WORK/overview.html" || { echo "ui-check: FAILED: DL4J's overview page has no score chart"; exit 1; }

mkdir -p "$SHOTS"
chrome --window-size=1280,1500 --screenshot="$SHOTS/dpn-page.png" "$URL/dpn" > /dev/null
chrome --window-size=1280,1000 --virtual-time-budget=10000 --screenshot="$SHOTS/overview.png" \
    "$URL/train/overview" > /dev/null
echo "ui-check: PASSED: the DPN page shows the listener's series and the DPN parameters; screenshots in $SHOTS"
