#include "http/router.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>

#include "http/url.hpp"

namespace http {

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::unique_ptr<Node> parameter;
  std::string parameter_name;
  // Route per method at this node (index = Method).
  std::array<const Route*, static_cast<std::size_t>(Method::kOther) + 1> by_method{};
  std::string path_template;

  bool HasRoutes() const {
    return std::any_of(by_method.begin(), by_method.end(), [](const Route* r) { return r; });
  }
};

namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  // Paths start with '/'; every '/' opens a segment, so "/a/" has segments "a" and "".
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool IsParameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

struct Captures {
  std::vector<std::pair<std::string_view, std::string_view>> values;  // name -> raw value
};

}  // namespace

Router::Router(std::vector<Route> routes)
    : routes_(std::move(routes)), root_(std::make_unique<Node>()) {
  for (const Route& route : routes_) {
    if (route.path.empty() || route.path.front() != '/') {
      throw std::invalid_argument("route template must start with '/': " + route.path);
    }
    if (route.method == Method::kOther || route.method == Method::kHead) {
      throw std::invalid_argument("route needs a concrete method (HEAD follows GET): " +
                                  route.path);
    }
    if (!route.handler) throw std::invalid_argument("route has no handler: " + route.path);
    Node* node = root_.get();
    for (std::string_view segment : SplitPath(route.path)) {
      if (IsParameter(segment)) {
        const std::string name(segment.substr(1, segment.size() - 2));
        if (!node->parameter) {
          node->parameter = std::make_unique<Node>();
          node->parameter_name = name;
        } else if (node->parameter_name != name) {
          // Two names for one position would make PathParam depend on which route matched.
          throw std::invalid_argument("conflicting parameter names {" + node->parameter_name +
                                      "} and {" + name + "} in " + route.path);
        }
        node = node->parameter.get();
      } else {
        if (segment.find_first_of("{}") != std::string_view::npos) {
          throw std::invalid_argument("malformed segment in route template: " + route.path);
        }
        auto& child = node->literals[std::string(segment)];
        if (!child) child = std::make_unique<Node>();
        node = child.get();
      }
    }
    auto& slot = node->by_method[static_cast<std::size_t>(route.method)];
    if (slot) {
      throw std::invalid_argument("duplicate route " + std::string(MethodName(route.method)) + " " +
                                  route.path);
    }
    slot = &route;
    node->path_template = route.path;
  }
}

Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

const Route* Router::Match(Request& request) const {
  const auto segments = SplitPath(request.path);
  Captures captures;
  // Depth-first search: a literal branch that dead-ends falls back to the {param} branch.
  struct Search {
    static const Node* Run(const Node* node, const std::vector<std::string_view>& segments,
                           std::size_t index, Captures& captures) {
      if (index == segments.size()) return node->HasRoutes() ? node : nullptr;
      const auto segment = segments[index];
      if (auto it = node->literals.find(segment); it != node->literals.end()) {
        if (const Node* found = Run(it->second.get(), segments, index + 1, captures)) return found;
      }
      if (node->parameter && !segment.empty()) {
        captures.values.emplace_back(node->parameter_name, segment);
        if (const Node* found = Run(node->parameter.get(), segments, index + 1, captures)) {
          return found;
        }
        captures.values.pop_back();
      }
      return nullptr;
    }
  };
  const Node* node = Search::Run(root_.get(), segments, 0, captures);
  if (!node) return nullptr;

  const auto method_index = [](Method m) { return static_cast<std::size_t>(m); };
  const Route* route = nullptr;
  if (request.method != Method::kOther) {
    route = node->by_method[method_index(request.method)];
    if (!route && request.method == Method::kHead)
      route = node->by_method[method_index(Method::kGet)];
  }
  request.route_template = node->path_template;
  if (!route) {
    for (std::size_t i = 0; i < node->by_method.size(); ++i) {
      if (node->by_method[i]) request.allowed_methods.push_back(static_cast<Method>(i));
    }
    if (node->by_method[method_index(Method::kGet)])
      request.allowed_methods.push_back(Method::kHead);
    return nullptr;
  }
  for (const auto& [name, raw] : captures.values) {
    auto decoded = PercentDecode(raw);
    if (!decoded) {  // a malformed escape names no resource
      request.path_params.clear();
      request.route_template.clear();
      return nullptr;
    }
    request.path_params.emplace_back(std::string(name), std::move(*decoded));
  }
  request.route = route;
  return route;
}

}  // namespace http
