#include "llm/endpoint_limiter.hpp"

#include <algorithm>
#include <charconv>

#include "llm/retry_policy.hpp"

namespace llm {
namespace {

constexpr auto kWindow = std::chrono::seconds(60);

std::optional<std::int64_t> HeaderNumber(const std::map<std::string, std::string>& headers,
                                         const std::string& name) {
  const auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, error] =
      std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
  if (error != std::errc{}) return std::nullopt;
  return value;
}

}  // namespace

EndpointLimiter::EndpointLimiter(LimiterOptions options, timing::Clock& clock)
    : options_(options), clock_(clock) {
  if (options_.max_in_flight < 1) options_.max_in_flight = 1;
}

EndpointLimiter::Permit::Permit(Permit&& other) noexcept
    : limiter_(other.limiter_), id_(other.id_) {
  other.limiter_ = nullptr;
}

EndpointLimiter::Permit::~Permit() {
  if (limiter_) limiter_->Release(id_);
}

void EndpointLimiter::Permit::RecordTokens(std::int64_t tokens) {
  if (limiter_) limiter_->Adjust(id_, tokens);
}

EndpointLimiter::Time EndpointLimiter::NextAllowedLocked(std::int64_t tokens, Time now) {
  while (!window_.empty() && window_.front().at + kWindow <= now) window_.pop_front();
  Time allowed = std::max(now, paused_until_);
  const std::int64_t rpm =
      options_.requests_per_minute ? options_.requests_per_minute : learned_rpm_;
  const std::int64_t tpm = options_.tokens_per_minute ? options_.tokens_per_minute : learned_tpm_;
  if (rpm > 0 && static_cast<std::int64_t>(window_.size()) >= rpm) {
    // The oldest call of the window has to age out first.
    allowed =
        std::max(allowed, window_[window_.size() - static_cast<std::size_t>(rpm)].at + kWindow);
  }
  if (tpm > 0) {
    std::int64_t used = 0;
    for (const auto& sent : window_) used += sent.tokens;
    if (used + tokens > tpm) {
      std::int64_t freed = 0;
      for (const auto& sent : window_) {
        freed += sent.tokens;
        if (used - freed + tokens <= tpm) {
          allowed = std::max(allowed, sent.at + kWindow);
          break;
        }
      }
    }
  }
  return allowed;
}

std::optional<EndpointLimiter::Permit> EndpointLimiter::Acquire(std::int64_t estimated_tokens,
                                                                const std::atomic<bool>* cancelled,
                                                                int priority) {
  std::condition_variable turn;
  std::unique_lock lock(mutex_);
  const auto ticket = waiting_.emplace(std::pair(priority, next_ticket_++), &turn).first;
  const auto arrived = clock_.Now();
  bool waited = false;
  for (;;) {
    if (cancelled && cancelled->load()) {
      waiting_.erase(ticket);
      WakeFirstLocked();  // the next in line may be able to go now
      return std::nullopt;
    }
    const auto now = clock_.Now();
    const auto allowed = NextAllowedLocked(estimated_tokens, now);
    const bool first_in_line = ticket == waiting_.begin();
    if (first_in_line && in_flight_ < options_.max_in_flight && allowed <= now) break;
    // Wake when a slot frees, the budget allows, or (bounded) to notice cancellation.
    auto wake = now + timing::Clock::kCancelPoll;
    if (first_in_line && in_flight_ < options_.max_in_flight) wake = std::min(wake, allowed);
    waited = true;
    clock_.WaitUntil(turn, lock, wake);
  }
  waiting_.erase(ticket);
  if (waited) {
    ++waits_.calls;
    waits_.seconds += std::chrono::duration<double>(clock_.Now() - arrived).count();
  }
  ++in_flight_;
  int seen = max_in_flight_seen_.load();
  while (in_flight_ > seen && !max_in_flight_seen_.compare_exchange_weak(seen, in_flight_)) {
  }
  const std::uint64_t id = next_id_++;
  window_.push_back({clock_.Now(), estimated_tokens, id});
  if (in_flight_ < options_.max_in_flight) WakeFirstLocked();  // it may take the next free slot
  return Permit(this, id);
}

EndpointLimiter::Waits EndpointLimiter::waits() const {
  std::lock_guard lock(mutex_);
  return waits_;
}

void EndpointLimiter::Release(std::uint64_t) {
  std::lock_guard lock(mutex_);
  --in_flight_;
  WakeFirstLocked();
}

// Only the first in line can use a freed slot or budget; the others wake on their own timer to
// notice a cancellation. Called with the mutex held, so the waiter is still registered.
void EndpointLimiter::WakeFirstLocked() {
  if (!waiting_.empty()) waiting_.begin()->second->notify_one();
}

void EndpointLimiter::Adjust(std::uint64_t id, std::int64_t tokens) {
  std::lock_guard lock(mutex_);
  for (auto& sent : window_) {
    if (sent.id == id) sent.tokens = tokens;
  }
}

void EndpointLimiter::Observe(const std::map<std::string, std::string>& headers) {
  std::lock_guard lock(mutex_);
  if (const auto limit = HeaderNumber(headers, "x-ratelimit-limit-requests")) learned_rpm_ = *limit;
  if (const auto limit = HeaderNumber(headers, "x-ratelimit-limit-tokens")) learned_tpm_ = *limit;
  // The provider counts better than we can (other clients share the key): when it says a
  // budget is spent, wait for its reset.
  for (const char* budget : {"requests", "tokens"}) {
    const auto remaining = HeaderNumber(headers, std::string("x-ratelimit-remaining-") + budget);
    const auto reset = headers.find(std::string("x-ratelimit-reset-") + budget);
    if (!remaining || *remaining > 0 || reset == headers.end()) continue;
    if (const auto wait = ParseGoDuration(reset->second)) {
      paused_until_ = std::max(paused_until_, clock_.Now() + *wait);
    }
  }
  WakeFirstLocked();
}

void EndpointLimiter::PauseFor(std::chrono::milliseconds wait) {
  std::lock_guard lock(mutex_);
  paused_until_ = std::max(paused_until_, clock_.Now() + wait);
  WakeFirstLocked();
}

int EndpointLimiter::in_flight() const {
  std::lock_guard lock(mutex_);
  return in_flight_;
}

CircuitBreaker::CircuitBreaker(BreakerOptions options, timing::Clock& clock)
    : options_(options), clock_(clock) {}

bool CircuitBreaker::Allow() {
  std::lock_guard lock(mutex_);
  if (state_ == State::kClosed) return true;
  if (state_ == State::kOpen) {
    if (clock_.Now() - opened_at_ < options_.open_for) return false;
    state_ = State::kHalfOpen;
    probe_in_flight_ = false;
  }
  if (probe_in_flight_) return false;
  probe_in_flight_ = true;
  return true;
}

void CircuitBreaker::RecordSuccess() {
  std::lock_guard lock(mutex_);
  state_ = State::kClosed;
  failures_ = 0;
  probe_in_flight_ = false;
}

void CircuitBreaker::RecordFailure() {
  std::lock_guard lock(mutex_);
  probe_in_flight_ = false;
  if (state_ == State::kHalfOpen || ++failures_ >= options_.failure_threshold) {
    state_ = State::kOpen;
    opened_at_ = clock_.Now();
  }
}

CircuitBreaker::State CircuitBreaker::state() {
  std::lock_guard lock(mutex_);
  if (state_ == State::kOpen && clock_.Now() - opened_at_ >= options_.open_for)
    return State::kHalfOpen;
  return state_;
}

std::chrono::milliseconds CircuitBreaker::RetryIn() {
  std::lock_guard lock(mutex_);
  if (state_ != State::kOpen) return std::chrono::milliseconds(0);
  return std::max(std::chrono::milliseconds(0),
                  std::chrono::duration_cast<std::chrono::milliseconds>(
                      options_.open_for - (clock_.Now() - opened_at_)));
}

}  // namespace llm
