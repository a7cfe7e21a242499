#!/usr/bin/env bash
# Azure DevOps upload benchmark (not a test): the service's push of a backlog of about 1,000 nodes
# against the Azure DevOps emulator (tests/fakes/fake-ado) answering every request after 50 ms,
# compared in the same run, against the same emulator, with the scheme of the system being
# replaced (bench/old_ado_scheme.mjs: one create and one separate parent-link PATCH per work item,
# a test plan per feature, a suite per story and one call per test case, strictly in sequence).
#   bench/upload.sh
# Generates the backlog through the HTTP API of the release build (LLM emulator, no latency),
# limits 4 epics x 4 features x 5 stories x (5 tasks + 5 test cases), test artefacts on: 996
# nodes, 900 of them work items, plus 16 test plans and 80 test suites. Then:
#   new: POST /api/projects/{id}/push to AgileProject, polling GET /api/jobs/{id} every 50 ms (one
#        keep-alive connection) until the job is final; makespan = push request sent -> final
#        state seen. Requests = what the emulator logged from its reset (keep_state) right before
#        the push, connection check included.
#   old: the same backlog, another tag, after another reset of the emulator's log; makespan =
#        first request sent -> last answer received.
# Prints nodes and work items, requests and makespan of each scheme, the ratios old/new (targets:
# >= 10x fewer requests, >= 10x faster), where the push's time went (per emulator route, and the
# time between the emulator's answers), and checks every item exists in the emulator once. Exits
# non-zero when the push did not complete, an item of the push is not created or missing, or the
# old scheme failed (the comparison would not hold); a ratio under the target is reported only.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

epics=4 features=4 stories=5 tasks=5 cases=5
ado_latency_ms=50
in_flight=16
step_threads=$((2 * in_flight))
ado_project=AgileProject
ado_pat=fakeadopatfakeadopatfakeadopatfakeadopatfakeadopat42

scripts/setup
cmake --preset release >/dev/null
cmake --build --preset release --target backlog >/dev/null

work=$(mktemp -d)
service_pid=""
fake_pid=""
ado_pid=""
cleanup() {
  [[ -n "$service_pid" ]] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null
  [[ -n "$fake_pid" ]] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null
  [[ -n "$ado_pid" ]] && kill "$ado_pid" 2>/dev/null && wait "$ado_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# The LLM emulator, answering at once: the generation is not what is measured here.
start_fake_llm "$work"
llm="$fake_url"

# The Azure DevOps emulator, every API request answered after 50 ms.
node tests/fakes/fake-ado/server.js --port 0 --latency-ms "$ado_latency_ms" >"$work/ado.out" 2>&1 &
ado_pid=$!
until grep -q "fake-ado listening on" "$work/ado.out" 2>/dev/null; do
  kill -0 "$ado_pid" 2>/dev/null || { cat "$work/ado.out"; exit 1; }
  sleep 0.05
done
ado=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/ado.out")

port=$(free_port)
start_service "$work" "$port" LLM_PROVIDER=compatible COMPATIBLE_BASE_URL="$llm/v1" \
  LLM_MAX_IN_FLIGHT="$in_flight" JOB_STEP_THREADS="$step_threads" API_RATE_LIMIT=100000000 \
  TRACKER_ALLOWED_HOSTS=127.0.0.1 PUBLIC_URL=https://backlog.example.test
base="http://127.0.0.1:$port"

sign_up_bench_user "$base"
project=$(create_bench_project "$base" "$epics" "$features" "$stories" "$tasks" "$cases")

# run_job START_PATH OUT: POSTs START_PATH (a job start: 202 with the job), polls the job every
# 50 ms over one keep-alive connection until its state is final, writes the last answer (with the
# 202's push_id, if any) to OUT and prints the seconds from sending the start request to seeing
# the final state. With RESET_URL set, POSTs {"keep_state": true} there first (the emulator's
# log starts empty right before the job).
run_job() {
  python3 - "$port" "$token" "$1" "$2" "${RESET_URL:-}" <<'PY'
import json, sys, time, urllib.request
sys.path.insert(0, "bench")
from api_client import ApiClient
port, token, start_path, out, reset_url = sys.argv[1:6]
call = ApiClient(port, token).call
if reset_url:
    urllib.request.urlopen(urllib.request.Request(
        reset_url, data=b'{"keep_state": true}', headers={"Content-Type": "application/json"}))
started, wall_started = time.monotonic(), time.time()
accepted = call("POST", start_path, "{}")
job = accepted
while job["state"] not in ("completed", "completed_with_warnings", "failed", "cancelled"):
    if time.monotonic() - started > 900:
        sys.exit(f"the job did not finish within 900 s (state: {job['state']})")
    time.sleep(0.05)
    job = call("GET", f"/api/jobs/{job['id']}")
finished = time.monotonic()
if "push_id" in accepted:
    job["push_id"] = accepted["push_id"]
# Wall-clock start and end, to place the emulator's log (Date.now() times) on the same axis.
job["bench_started_ms"], job["bench_finished_ms"] = wall_started * 1000, time.time() * 1000
json.dump(job, open(out, "w"))
print(f"{finished - started:.3f}")
PY
}

# The backlog.
gen_seconds=$(run_job "/api/projects/$project/jobs" "$work/generation.json")
gen_state=$(json 'd["state"]' <"$work/generation.json")
echo "generation: $gen_state in ${gen_seconds} s"
[[ "$gen_state" == completed || "$gen_state" == completed_with_warnings ]] ||
  { echo "FAIL: the generation did not complete: $(cat "$work/generation.json")"; exit 1; }
curl -sf "$base/api/projects/$project/backlog" "${auth[@]}" >"$work/backlog.json"

# The connection, then the push, the emulator's log starting empty right before it.
curl -sf -X PUT "$base/api/settings/tracker" "${auth[@]}" \
  -d "{\"organization_url\": \"$ado/fabrikam\", \"project\": \"$ado_project\", \"pat\": \"$ado_pat\"}" \
  >/dev/null
new_seconds=$(RESET_URL="$ado/_control/reset" run_job "/api/projects/$project/push" "$work/push_job.json")
curl -sf "$ado/_control/log" >"$work/new_log.json"
push_id=$(json 'd.get("push_id", "")' <"$work/push_job.json")
curl -sf "$base/api/projects/$project/pushes/$push_id" "${auth[@]}" >"$work/push.json"
push_tag=$(json 'd["tag"]' <"$work/push.json")
curl -sf -G "$ado/_control/workitems" --data-urlencode "project=$ado_project" \
  --data-urlencode "tag=$push_tag" >"$work/new_items.json"

# The old scheme: same backlog, same emulator, its own tag.
old_tag="old-scheme-$(date +%s)"
curl -sf -X POST "$ado/_control/reset" -H 'Content-Type: application/json' \
  -d '{"keep_state": true}' >/dev/null
old_rc=0
node bench/old_ado_scheme.mjs --org-url "$ado/fabrikam" --project "$ado_project" --pat "$ado_pat" \
  --tag "$old_tag" --backlog "$work/backlog.json" --test-plans >"$work/old.json" || old_rc=$?
curl -sf "$ado/_control/log" >"$work/old_log.json"
curl -sf -G "$ado/_control/workitems" --data-urlencode "project=$ado_project" \
  --data-urlencode "tag=$old_tag" >"$work/old_items.json"
curl -sf -G "$ado/_control/testplans" --data-urlencode "project=$ado_project" >"$work/plans.json"

# The service's own lines about the push: the start request (it writes the outbox), the job.
echo "service log, the push:"
grep -E "POST /api/projects/[^ ]+/push |\(push\) started|push push_|job [^ ]+ finished: " \
  "$work/service.out" | grep -v "(generate)" | tail -n 4 | sed 's/^/  /'
echo

python3 - "$work" "$new_seconds" "$old_rc" "$ado_latency_ms" "$push_tag" \
  "$epics" "$features" "$stories" "$tasks" "$cases" <<'PY'
import json, sys
from collections import Counter
work, new_seconds, old_rc, latency_ms, push_tag = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
E, F, S, T, C = map(int, sys.argv[6:11])
load = lambda name: json.load(open(f"{work}/{name}"))
tree, job, push = load("backlog.json"), load("push_job.json"), load("push.json")
new_log, old_log, old = load("new_log.json"), load("old_log.json"), load("old.json")
new_items, old_items, plans = load("new_items.json"), load("old_items.json"), load("plans.json")

counts = tree["counts"]
nodes = sum(counts.values())
work_kinds = ("epics", "features", "stories", "tasks", "test_cases")
work_items = sum(counts[k] for k in work_kinds)
expected = {"epics": E, "features": E * F, "stories": E * F * S, "tasks": E * F * S * T,
            "test_plans": E * F, "test_suites": E * F * S, "test_cases": E * F * S * C}
problems = []
missing = {k: (counts.get(k), v) for k, v in expected.items() if counts.get(k) != v}
if missing:
    problems.append("the backlog does not have the asked-for counts: " + ", ".join(
        f"{k} {got} instead of {want}" for k, (got, want) in missing.items()))

# The push: final state, every item created, each work item once in the emulator.
item_states = Counter(item["state"] for item in push["items"])
if job["state"] != "completed":
    problems.append(f"the push job ended {job['state']}: {job.get('error')}")
if len(push["items"]) != nodes or item_states["created"] != nodes:
    problems.append(f"the push has {len(push['items'])} items for {nodes} nodes, "
                    f"states {dict(item_states)}")
if new_items["count"] != work_items:
    problems.append(f"the emulator holds {new_items['count']} work items tagged {push_tag}, "
                    f"not {work_items}")
# Plans and suites of the push: a plan named like each test plan, holding a suite per story with
# its test cases (the old scheme adds plans of the same names, so count by the push's ids).
push_plan_ids = {i["tracker_id"] for i in push["items"] if i["kind"] == "test_plan"}
push_suites = {}
def walk(suite):
    for child in suite.get("children", []):
        push_suites[child["id"]] = child
        walk(child)
for plan in plans["value"]:
    if plan["id"] in push_plan_ids:
        walk(plan["rootSuite"])
members = sum(len(s.get("testCases", [])) for s in push_suites.values())
if len(push_plan_ids) != counts["test_plans"] or len(push_suites) != counts["test_suites"] \
        or members != counts["test_cases"]:
    problems.append(f"the push's test plans hold {len(push_plan_ids)} plans, {len(push_suites)} "
                    f"suites, {members} test cases in suites; wanted {counts['test_plans']}, "
                    f"{counts['test_suites']}, {counts['test_cases']}")

# The old scheme: no failure, every work item there once.
if old_rc != 0 or old["failures"] or old["skipped"]:
    problems.append(f"the old scheme failed ({old['failures']} failed requests, {old['skipped']} "
                    f"items skipped): {old['first_failures']}")
if old_items["count"] != work_items:
    problems.append(f"the old scheme left {old_items['count']} work items, not {work_items}")

def summary(log):
    requests = log["requests"]
    begin = min(r["started_at_ms"] for r in requests)
    end = max(r["started_at_ms"] + (r["duration_ms"] or 0) for r in requests)
    busy = sum(r["duration_ms"] or 0 for r in requests)
    return len(requests), (end - begin) / 1000, busy / 1000
new_requests, new_span, new_busy = summary(new_log)
old_requests, old_span, old_busy = summary(old_log)
if new_log["count"] > len(new_log["requests"]) or old_log["count"] > len(old_log["requests"]):
    problems.append("the emulator's log overflowed (10,000 entries): request counts are short")
old_seconds = old["makespan_s"]
if old["requests"] != old_requests:
    problems.append(f"the old scheme counted {old['requests']} requests, the emulator {old_requests}")

print(f"backlog:   {nodes} nodes: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
print(f"           {work_items} work items (epics, features, stories, tasks, test cases) "
      f"+ {counts['test_plans']} test plans + {counts['test_suites']} test suites")
print(f"emulator:  every request answered after {latency_ms} ms, one request costs at least that")
counted = (job.get("result") or {}).get("requests")
print(f"push:      job {job['state']}, items {dict(item_states)}; the job's result counts "
      f"{counted} requests" + (f" (the emulator saw {new_requests}: the connection check's "
      f"{new_requests - counted} are not in the job's count)"
      if isinstance(counted, int) and counted != new_requests else ""))
print(f"old:       {old['sent']['create']} creates + {old['sent']['link']} parent-link PATCHes "
      f"(System.LinkTypes.Hierarchy-Reverse, test cases included) + {old['sent']['plan']} plans "
      f"+ {old['sent']['suite']} suites + {old['sent']['test_case_add']} test-case additions, "
      f"one at a time")
print()
print(f"| scheme | requests | makespan | requests x {latency_ms} ms | emulator busy |")
print("|---|---|---|---|---|")
print(f"| old (one item at a time) | {old_requests:,} | {old_seconds:.2f} s | "
      f"{old_requests * latency_ms / 1000:.2f} s | {old_busy:.2f} s |")
print(f"| new (service push) | {new_requests:,} | {new_seconds:.2f} s | "
      f"{new_requests * latency_ms / 1000:.2f} s | {new_busy:.2f} s |")
req_ratio = old_requests / new_requests
time_ratio = old_seconds / new_seconds
print()
print(f"requests:  old/new = {req_ratio:.1f}x (target >= 10x): "
      + ("PASS" if req_ratio >= 10 else "under target"))
print(f"makespan:  old/new = {time_ratio:.1f}x (target >= 10x): "
      + ("PASS" if time_ratio >= 10 else "under target"))

# Where the push's time went: the emulator's routes in order of first use, their requests and
# time inside the emulator; the rest of the makespan is the service (and the poll's 50 ms).
print()
print("push, by emulator route (in order of first use):")
routes = {}
for r in new_log["requests"]:
    entry = routes.setdefault(r["route"], [0, 0.0, r["started_at_ms"], 0])
    entry[0] += 1
    entry[1] += (r["duration_ms"] or 0) / 1000
    entry[3] = max(entry[3], r["started_at_ms"] + (r["duration_ms"] or 0))
first = min(r["started_at_ms"] for r in new_log["requests"])
for route, (n, seconds, begin, end) in routes.items():
    print(f"  {route:28} {n:5} requests  {seconds:7.2f} s in the emulator  "
          f"(from +{(begin - first) / 1000:.2f} s to +{(end - first) / 1000:.2f} s)")
batches = [r for r in new_log["requests"] if r["route"] == "batch"]
if batches:
    print("  $batch durations: " + ", ".join(f"{r['duration_ms']:.0f} ms" for r in batches))
# The Test Plans API has no batch: one request per plan, suite and suite's members (the plans of
# different features go side by side).
test_plan_writes = [r for r in new_log["requests"] if r["route"].startswith("testplan.")
                    and r["method"] != "GET"]
if test_plan_writes:
    begin = min(r["started_at_ms"] for r in test_plan_writes)
    end = max(r["started_at_ms"] + (r["duration_ms"] or 0) for r in test_plan_writes)
    print(f"  test plans, suites and their test cases: {len(test_plan_writes)} of the "
          f"{new_requests} requests, {(end - begin) / 1000:.2f} s of the "
          f"{new_seconds:.2f} s makespan")
requests = new_log["requests"]
last = max(r["started_at_ms"] + (r["duration_ms"] or 0) for r in requests)
overlap = ("requests overlapped, so the gaps below are per sequence of requests"
           if new_busy > new_span else
           f"{new_span - new_busy:.2f} s between an answer and the next request (the service's own work)")
print(f"  emulator busy {new_busy:.2f} s of the {new_span:.2f} s from the first request to the last "
      f"answer: {overlap}; push request sent -> first emulator request "
      f"{(first - job['bench_started_ms']) / 1000:.2f} s; last answer -> final state seen "
      f"{(job['bench_finished_ms'] - last) / 1000:.2f} s (polling every 50 ms)")
# The service's time between an answer and its next request, per phase, and the longest gaps.
gaps = []  # (seconds, route before, route after, their numbers in the log from 1)
for n, (before, after) in enumerate(zip(requests, requests[1:]), start=1):
    gap = after["started_at_ms"] - (before["started_at_ms"] + (before["duration_ms"] or 0))
    gaps.append((max(gap, 0) / 1000, before["route"], after["route"], n, n + 1))
def stage(route):
    return "$batch" if route == "batch" else "test plans" if route.startswith("testplan.") \
        and route != "testplan.plans.list" else "check"
phases = {}
for gap, before, after, *_ in gaps:
    phase = f"{stage(before)} -> {stage(after)}"
    entry = phases.setdefault(phase, [0, 0.0])
    entry[0] += 1
    entry[1] += gap
print("  service time between answers: " + "; ".join(
    f"{phase} {seconds:.2f} s over {n} gaps" for phase, (n, seconds) in phases.items()))
print("  longest gaps (requests numbered in the emulator's log of the push): " + "; ".join(
    f"{gap:.2f} s from {before} #{a} to {after} #{b}"
    for gap, before, after, a, b in sorted(gaps, reverse=True)[:5]))

if problems:
    for problem in problems:
        print("FAIL: " + problem)
    sys.exit(1)
PY
