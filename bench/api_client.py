"""The benchmarks' client of the service's API: one keep-alive connection with a bearer token;
any answer of 300 or more ends the benchmark with the method, path, status and the start of the
body."""
import http.client
import json
import sys


class ApiClient:
    def __init__(self, port, token):
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.connection = http.client.HTTPConnection("127.0.0.1", int(port))

    def call(self, method, path, body=None):
        self.connection.request(method, path, body=body, headers=self.headers)
        reply = self.connection.getresponse()
        data = reply.read()
        if reply.status >= 300:
            sys.exit(f"{method} {path}: {reply.status} {data[:300]!r}")
        return json.loads(data)
