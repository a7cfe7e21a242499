// The JSON request body reader (api::JsonObjectBody) on any body, then what handlers do with the
// object it accepts: serialize it, read string fields, and merge-patch a stored node with it as
// PATCH /api/nodes/{id} does. Those recurse once per level, so an accepted body must nest no
// deeper than json::kMaxDepth.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "api/json_body.hpp"
#include "fuzz/fuzz_check.hpp"
#include "http/api_error.hpp"
#include "http/request.hpp"
#include "json/bounded_parse.hpp"

namespace {

using Json = nlohmann::json;

const Json& StoredStory() {
  static const Json story = {
      {"title", "Book an open slot"},
      {"user_story", "As a patient, I want to book an open slot, so that I avoid calling."},
      {"acceptance_criteria", {"Given an open slot, when I book it, then it is mine."}},
      {"story_points", 5},
      {"priority", "High"},
      {"quality", {{"score", 90}, {"findings", Json::array()}, {"attempts", 1}}},
  };
  return story;
}

// Levels of containers, counted without recursion (the top-level object is 1).
int Depth(const Json& value) {
  int deepest = 0;
  std::vector<std::pair<const Json*, int>> pending = {{&value, 1}};
  while (!pending.empty()) {
    const auto [node, depth] = pending.back();
    pending.pop_back();
    if (!node->is_structured()) continue;
    deepest = std::max(deepest, depth);
    for (const Json& child : *node) pending.emplace_back(&child, depth + 1);
  }
  return deepest;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  http::Request request;
  request.method = http::Method::kPatch;
  request.headers.Add("Content-Type", "application/json; charset=utf-8");
  request.body.assign(reinterpret_cast<const char*>(data), size);
  Json body;
  try {
    body = api::JsonObjectBody(request);
  } catch (const http::ApiError& error) {
    fuzz::Require(error.status() == 400, "a body the reader refuses is a 400");
    return 0;
  }
  fuzz::Require(body.is_object(), "the reader returns an object");
  fuzz::Require(Depth(body) <= json::kMaxDepth, "an accepted body nests at most kMaxDepth deep");
  // What the handlers send back or store is the serialized body; it must read back the same.
  const std::string text = body.dump();
  fuzz::Require(Json::parse(text) == body, "an accepted body serializes to itself");

  for (const char* field : {"name", "vision", "title", "username", "password"}) {
    try {
      api::OptionalString(body, field);
    } catch (const http::ApiError& error) {
      fuzz::Require(error.status() == 422, "a bad field is a 422");
    }
  }

  Json node = StoredStory();
  node.merge_patch(body);
  fuzz::Require(node.is_object(), "a merge patch of an object keeps an object");
  node.dump();
  return 0;
}
