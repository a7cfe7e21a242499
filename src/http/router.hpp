#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "http/route.hpp"

namespace http {

// Matches a method and a raw path against the route table. Literal segments win over {param}
// segments; a GET route also answers HEAD.
class Router {
 public:
  // Throws std::invalid_argument when a template is malformed or a method + path pair repeats
  // (also when two templates differ only in parameter names, as they would shadow each other).
  explicit Router(std::vector<Route> routes);
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  // Fills request.route, route_template and path_params on a match; on a path that exists for
  // other methods only, fills allowed_methods. Returns the matched route or nullptr.
  const Route* Match(Request& request) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Node;
  std::vector<Route> routes_;
  std::unique_ptr<Node> root_;
};

}  // namespace http
