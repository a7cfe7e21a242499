// The repositories' `?` placeholders become PostgreSQL's $1..$N, except inside literals,
// quoted identifiers and comments.
#include <gtest/gtest.h>

#include "store/postgres/pg_connection.hpp"

namespace store::postgres {
namespace {

TEST(NumberPlaceholders, NumbersEveryQuestionMarkInOrder) {
  const auto [sql, count] = NumberPlaceholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)");
  EXPECT_EQ(sql, "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
  EXPECT_EQ(count, 3);
}

TEST(NumberPlaceholders, LeavesLiteralsIdentifiersAndCommentsAlone) {
  const auto [sql, count] =
      NumberPlaceholders("SELECT '?', 'it''s ?', \"odd?name\" FROM t -- why?\nWHERE x = ?");
  EXPECT_EQ(sql, "SELECT '?', 'it''s ?', \"odd?name\" FROM t -- why?\nWHERE x = $1");
  EXPECT_EQ(count, 1);
}

TEST(NumberPlaceholders, AStatementWithoutParametersIsUnchanged) {
  const auto [sql, count] = NumberPlaceholders("SELECT count(*) FROM users");
  EXPECT_EQ(sql, "SELECT count(*) FROM users");
  EXPECT_EQ(count, 0);
}

TEST(NumberPlaceholders, AnUnterminatedLiteralDoesNotRunPastTheEnd) {
  const auto [sql, count] = NumberPlaceholders("SELECT 'open ? ");
  EXPECT_EQ(sql, "SELECT 'open ? ");
  EXPECT_EQ(count, 0);
}

}  // namespace
}  // namespace store::postgres
