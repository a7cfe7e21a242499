#!/usr/bin/env bash
# Generation pipeline benchmark (not a test): one whole generation job through the HTTP API of the
# release build, against the LLM emulator answering after 300 ms, with the client limited to 16
# calls in flight. Limits: 3 epics x 4 features x 5 stories x (5 tasks + 4 test cases), test
# artefacts on (a test plan per feature, a test suite per story).
#   bench/pipeline.sh
# Prints the job's final state and the nodes per level; the makespan (job start request sent ->
# final state seen, polling every 50 ms); the LLM calls the emulator saw; the lower bound
# max(critical path, calls x 0.3 s / 16), where the critical path counts the calls of each step on
# the longest chain of steps, regenerations included; makespan / bound (target <= 1.2); what a
# critical-path-first schedule of the same calls would take; the service's CPU time (user + kernel,
# from /proc) per node of the backlog. Exits non-zero when the job did not complete or the backlog
# does not have the asked-for counts; a ratio over the target is reported, not failed.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

epics=3 features=4 stories=5 tasks=5 cases=4
latency_ms=300
in_flight=16
# A step holds a thread for its whole LLM call and its regenerations, so the threads must exceed
# the in-flight limit or slots idle while steps commit. Far more is worse: a step waiting for a
# slot waits in the LLM limiter, whose waiters are not served in order and wake every 50 ms (see
# bench/README.md), so with 192 threads (every step of the widest level at once) a regeneration
# the next level depends on can wait behind the whole queue, and the waiting costs CPU. Twice the
# limit keeps the limiter full and the queue of ready steps in the job, in order.
step_threads=$((2 * in_flight))

scripts/setup
cmake --preset release >/dev/null
cmake --build --preset release --target backlog >/dev/null

work=$(mktemp -d)
service_pid=""
fake_pid=""
cleanup() {
  [[ -n "$service_pid" ]] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null
  [[ -n "$fake_pid" ]] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# The emulator, on a loopback port of its own.
start_fake_llm "$work" --latency-ms "$latency_ms"
llm="$fake_url"

port=$(free_port)
start_service "$work" "$port" LLM_PROVIDER=compatible COMPATIBLE_BASE_URL="$llm/v1" \
  LLM_MAX_IN_FLIGHT="$in_flight" JOB_STEP_THREADS="$step_threads" API_RATE_LIMIT=100000000
base="http://127.0.0.1:$port"

sign_up_bench_user "$base"
project=$(create_bench_project "$base" "$epics" "$features" "$stories" "$tasks" "$cases")

cpu_ticks() { awk '{print $14 + $15}' "/proc/$service_pid/stat"; }
curl -sf -X POST "$llm/_control/reset" >/dev/null
cpu_before=$(cpu_ticks)
# Start the job and poll it every 50 ms over one keep-alive connection (no process per poll to
# compete with the service for the cores). Prints the seconds from sending the start request to
# seeing a final state; job.json is the last answer.
read -r makespan started finished < <(python3 - "$port" "$token" "$project" "$work/job.json" <<'PY'
import json, sys, time
sys.path.insert(0, "bench")
from api_client import ApiClient
port, token, project, out = sys.argv[1:5]
call = ApiClient(port, token).call
started = time.monotonic()
job = call("POST", f"/api/projects/{project}/jobs", "{}")
while job["state"] not in ("completed", "completed_with_warnings", "failed", "cancelled"):
    if time.monotonic() - started > 300:
        sys.exit(f"the job did not finish within 300 s (state: {job['state']})")
    time.sleep(0.05)
    job = call("GET", f"/api/jobs/{job['id']}")
finished = time.monotonic()
json.dump(job, open(out, "w"))
# The makespan, and the wall-clock start and end to place the emulator's log on the same axis.
print(f"{finished - started:.3f} {time.time() - (finished - started):.3f} {time.time():.3f}")
PY
)
[[ -n "$makespan" ]] || exit 1
cpu_after=$(cpu_ticks)

curl -sf "$base/api/projects/$project/backlog" "${auth[@]}" >"$work/backlog.json"
curl -sf "$llm/_control/log" >"$work/llm.json"

python3 - "$work" "$makespan $started $finished" "$cpu_before" "$cpu_after" "$(getconf CLK_TCK)" \
  "$latency_ms" "$in_flight" "$step_threads" "$epics" "$features" "$stories" "$tasks" "$cases" <<'PY'
import json, sys
work = sys.argv[1]
makespan, started, finished = map(float, sys.argv[2].split())
cpu_before, cpu_after, hz = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
latency = int(sys.argv[6]) / 1000
in_flight, threads = int(sys.argv[7]), int(sys.argv[8])
E, F, S, T, C = map(int, sys.argv[9:14])
job = json.load(open(f"{work}/job.json"))
tree = json.load(open(f"{work}/backlog.json"))
log = json.load(open(f"{work}/llm.json"))

counts = tree["counts"]
nodes = sum(counts.values())
expected = {"epics": E, "features": E * F, "stories": E * F * S, "tasks": E * F * S * T,
            "test_plans": E * F, "test_suites": E * F * S, "test_cases": E * F * S * C}

# The step graph (src/pipeline/generation_job.cpp): one call for the epics; per epic one for its
# features; per feature one for its stories; once a feature's stories exist, one call each for its
# test plan and, per story, its tasks, its test suite and its test cases. An item failing the
# quality rules is regenerated alone, inside its step, the failing items of a round in parallel
# (EnsureQuality): a step is one call, then rounds as wide as the items still failing, so it makes
# 1 + max(attempts - 1) calls in a row; the backlog records each item's attempts. The critical
# path is the longest chain of steps, each counted with its rounds.
planned = 1 + E + E * F + E * F + 3 * E * F * S
def rounds(items):  # the widths of a step's rounds of calls
    extra = [item["quality"]["attempts"] - 1 for item in items]
    return [1] + [sum(1 for e in extra if e >= r) for r in range(1, max(extra, default=0) + 1)]
def step(items):
    return len(rounds(items))
def story_chain(story):
    return max(step(story["tasks"]), step([story["test_suite"]]), step(story["test_cases"]))
def feature_chain(feature):
    below = max([step([feature["test_plan"]])] + [story_chain(s) for s in feature["stories"]])
    return step(feature["stories"]) + below
def epic_chain(epic):
    return step(epic["features"]) + max(feature_chain(f) for f in epic["features"])
chain = step(tree["epics"]) + max(epic_chain(e) for e in tree["epics"])
regenerations = sum(item["quality"]["attempts"] - 1 for item in (
    tree["epics"] + [f for e in tree["epics"] for f in e["features"]]
    + [x for e in tree["epics"] for f in e["features"] for x in [f["test_plan"]] + f["stories"]]
    + [x for e in tree["epics"] for f in e["features"] for st in f["stories"]
       for x in st["tasks"] + st["test_cases"] + [st["test_suite"]]]))
chat = [r for r in log["requests"] if "chat" in r["route"] or r["route"] == "/api/chat"]
calls = len(chat)
path_bound = chain * latency
work_bound = calls * latency / in_flight
bound = max(path_bound, work_bound)
ratio = makespan / bound
# What the dependencies allow: these steps, with these calls each, scheduled on 16 slots in rounds
# of 0.3 s, always running first the steps with the longest chain still below them (a
# critical-path list schedule: what a scheduler that knew every call in advance could reach).
steps = []  # [widths of the rounds left, tail (rounds on the longest chain from it), children]
def add(widths, children):
    tail = len(widths) + max((steps[c][1] for c in children), default=0)
    steps.append([widths, tail, children])
    return len(steps) - 1
def add_feature(f):
    below = [add(rounds([f["test_plan"]]), [])]
    for st in f["stories"]:
        below += [add(rounds(st["tasks"]), []), add(rounds([st["test_suite"]]), []),
                  add(rounds(st["test_cases"]), [])]
    return add(rounds(f["stories"]), below)
root = add(rounds(tree["epics"]),
           [add(rounds(e["features"]), [add_feature(f) for f in e["features"]])
            for e in tree["epics"]])
ready, ticks = [root], 0
while ready:
    ready.sort(key=lambda i: -steps[i][1])
    free, next_ready = in_flight, []
    ticks += 1
    for i in ready:
        widths = steps[i][0]
        taken = min(free, widths[0])
        free -= taken
        widths[0] -= taken
        if widths[0] == 0:
            widths.pop(0)
            steps[i][1] -= 1
        if widths: next_ready.append(i)
        else: next_ready += steps[i][2]
    ready = next_ready
schedule = ticks * latency
cpu = (cpu_after - cpu_before) / hz

begin = min(r["started_at_ms"] for r in chat) / 1000
end = max(r["started_at_ms"] + r["duration_ms"] for r in chat) / 1000
busy = sum(r["duration_ms"] for r in chat) / 1000
statuses = ", ".join(f"{k}: {v}" for k, v in sorted(log["by_status"].items()))

print(f"job:       {job['state']}" + (f" ({job['error']})" if job.get("error") else ""))
print("nodes:     " + ", ".join(f"{k} {v}" for k, v in counts.items()) + f" = {nodes}")
print(f"makespan:  {makespan:.2f} s (job queued -> final state seen, polling every 50 ms)")
print(f"LLM calls: {calls} = {planned} steps + {regenerations} regenerations"
      + (f" + {calls - planned - regenerations} retries" if calls != planned + regenerations else "")
      + f" (statuses {statuses}; at most {log['max_in_flight']} in flight)")
print(f"bound:     {bound:.2f} s = max(critical path {chain} calls x {latency:g} s = "
      f"{path_bound:.2f} s, {calls} x {latency:g} s / {in_flight} = {work_bound:.2f} s)")
print(f"ratio:     {ratio:.3f} makespan / bound (target <= 1.2): "
      + ("PASS" if ratio <= 1.2 else "over target"))
print(f"schedule:  {schedule:.2f} s for a critical-path-first schedule of these calls "
      f"(ratio {schedule / bound:.3f}); makespan / schedule = {makespan / schedule:.3f}")
print(f"LLM phase: first call sent {begin - started:.2f} s after the job was queued, last answer "
      f"{finished - end:.2f} s before the end was seen; {busy / (end - begin):.1f} calls in flight "
      f"on average over {end - begin:.2f} s")
print(f"CPU:       {cpu:.2f} s of service CPU (user + kernel) = "
      f"{cpu / nodes * 1000:.2f} ms per node ({threads} step threads)")

if job["state"] not in ("completed", "completed_with_warnings"):
    sys.exit("FAIL: the job did not complete")
missing = {k: (counts.get(k), v) for k, v in expected.items() if counts.get(k) != v}
if missing:
    sys.exit("FAIL: the backlog does not have the asked-for counts: "
             + ", ".join(f"{k} {got} instead of {want}" for k, (got, want) in missing.items()))
PY
