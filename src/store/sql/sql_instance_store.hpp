#pragma once

#include "store/instance_store.hpp"
#include "store/sql/sql.hpp"

namespace store::sql {

class SqlInstanceStore final : public InstanceStore {
 public:
  explicit SqlInstanceStore(Database& database) : database_(database) {}

  void Announce(const LiveInstance& instance) override;
  bool Heartbeat(std::string_view id, std::int64_t now) override;
  void Remove(std::string_view id) override;
  std::vector<LiveInstance> LiveOthers(std::string_view id, std::int64_t seen_since) override;

 private:
  Database& database_;
};

}  // namespace store::sql
