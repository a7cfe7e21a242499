#pragma once

// Internal to store/sql: creating a job row inside a caller's transaction, for stores that
// write more rows with the job (a push writes its outbox in the same transaction).

#include <cstdint>
#include <string_view>

#include "store/pipeline_store.hpp"
#include "store/sql/sql.hpp"

namespace store::sql {

// Inserts the job with its first event unless its project has a queued or running job or the
// owner's queue is full (see JobStore::CreateJob); writes nothing when it refuses. The caller
// holds the transaction and commits only on kCreated.
JobCreation InsertJobUnlessRefused(Connection& connection, const JobRow& job,
                                   std::string_view first_event_data,
                                   std::int64_t max_queued_per_owner);

}  // namespace store::sql
