#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/response.hpp"

namespace http {

// The bytes of an HTTP/1.x response: status line, Date, the response's headers, each of
// `defaults` the response does not set itself, Content-Length and Connection, then the body (left
// out for HEAD, 1xx, 204 and 304). CR and LF in header names or values are replaced by spaces,
// so no handler can split a response.
std::string SerializeResponse(const Response& response, unsigned version, bool keep_alive,
                              bool head_only, const std::vector<HeaderField>& defaults = {});

// The head of a streamed response: status line, Date, headers and defaults, then
// `Transfer-Encoding: chunked` (HTTP/1.1) or `Connection: close` (HTTP/1.0, close-delimited).
std::string SerializeStreamHead(const Response& response, unsigned version,
                                const std::vector<HeaderField>& defaults = {});

// One HTTP/1.1 chunk carrying `data` (never empty: that would end the body).
std::string Chunk(std::string_view data);

// The reason phrase for a status code ("Not Found"), or "" for unknown codes.
std::string_view ReasonPhrase(int status);

// The current time as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), cached per second.
std::string_view HttpDateNow();

}  // namespace http
