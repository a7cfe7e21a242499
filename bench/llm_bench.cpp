// Drives the LLM client against an emulator: N structured calls from many threads, bounded by
// the client's per-endpoint in-flight limit. Prints the makespan, its ratio to the ideal bound
// (calls / in-flight x latency) and the client's CPU time per call.
//   llm_bench BASE_URL CALLS IN_FLIGHT LATENCY_MS
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "llm/llm_client.hpp"
#include "outbound/http_transport.hpp"
#include "timing/clock.hpp"

namespace {

struct Cpu {
  double user = 0;
  double system = 0;
};

Cpu CpuNow() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return {static_cast<double>(usage.ru_utime.tv_sec) + usage.ru_utime.tv_usec / 1e6,
          static_cast<double>(usage.ru_stime.tv_sec) + usage.ru_stime.tv_usec / 1e6};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s BASE_URL CALLS IN_FLIGHT LATENCY_MS\n", argv[0]);
    return 2;
  }
  const std::string base_url = argv[1];
  const int calls = std::stoi(argv[2]);
  const int in_flight = std::stoi(argv[3]);
  const double latency_s = std::stod(argv[4]) / 1000.0;

  outbound::CurlTransport transport;
  llm::ClientOptions options;
  options.limits.max_in_flight = in_flight;
  timing::SystemClock clock;
  llm::LlmClient client(options, transport, clock);
  const llm::Endpoint endpoint{llm::ProviderKind::kOpenAI, base_url, "bench-key"};
  const nlohmann::json schema = nlohmann::json::parse(R"({
    "type": "object", "additionalProperties": false, "required": ["tasks"],
    "properties": {"tasks": {"type": "array", "minItems": 3, "maxItems": 5, "items": {
      "type": "object", "additionalProperties": false,
      "required": ["title", "description", "estimate_hours"],
      "properties": {"title": {"type": "string"}, "description": {"type": "string"},
                     "estimate_hours": {"type": "number", "minimum": 0.5, "maximum": 16}}}}}})");

  std::atomic<int> next{0};
  std::atomic<int> failures{0};
  // Twice as many threads as slots, so the limiter, not the thread count, is the bound.
  std::vector<std::thread> threads;
  const Cpu cpu_before = CpuNow();
  const auto started = std::chrono::steady_clock::now();
  for (int t = 0; t < in_flight * 2; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < calls; i = next++) {
        llm::ChatRequest request;
        request.messages = {{"system", "You break user stories into developer tasks."},
                            {"user", "Story " + std::to_string(i) +
                                         ": As a Clinic receptionist, I want to book patients."}};
        request.schema_name = "tasks";
        request.schema = schema;
        request.model = "gpt-4o-mini";
        request.max_tokens = 2048;
        request.agent = "developer";
        try {
          client.Complete(endpoint, request);
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const double makespan =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const Cpu cpu_after = CpuNow();
  const double user = cpu_after.user - cpu_before.user;
  const double system = cpu_after.system - cpu_before.system;
  const double cpu = user + system;
  const double bound = calls / static_cast<double>(in_flight) * latency_s;
  std::printf("calls %d, failures %d, in flight at most %d (limit %d)\n", calls, failures.load(),
              client.Limiter(endpoint).max_in_flight_seen(), in_flight);
  std::printf("makespan %.2f s, bound %.2f s, ratio %.3f (target <= 1.10)\n", makespan, bound,
              makespan / bound);
  std::printf("client CPU %.3f s (user %.3f, kernel %.3f), %.3f ms per call (target < 1 ms)\n",
              cpu, user, system, cpu / calls * 1000.0);
  return failures.load() == 0 ? 0 : 1;
}
