#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "http/concurrency_quota.hpp"
#include "http/event_stream.hpp"
#include "pipeline/event_bus.hpp"
#include "store/pipeline_store.hpp"

namespace api {

// A job's event log as Server-Sent Events: every stored event after `after_seq`, each with its
// sequence number as the SSE `id:` (so EventSource resumes with Last-Event-ID), live as the job
// appends more; the stream ends after the job's final event, or once `still_authorized` says
// the client's sign-in no longer holds. `permit` is the stream's place in its user's quota,
// held until the stream closes.
std::shared_ptr<http::EventStream> JobEventStream(store::JobStore& jobs, pipeline::EventBus& bus,
                                                  std::string job_id, std::int64_t after_seq,
                                                  std::function<bool()> still_authorized,
                                                  http::ConcurrencyQuota::Permit permit);

// One SSE message: "id: SEQ\nevent: TYPE\ndata: DATA\n\n" (DATA on one line: JSON never holds a
// raw newline).
std::string FormatServerSentEvent(const store::EventRow& event);

}  // namespace api
