#!/usr/bin/python3
"""A mail server and webhook receiver for the notification tests, on loopback only.

SMTP (aiosmtpd) on --smtp-port (0: a free one), with STARTTLS required when --tls-cert and
--tls-key are given and AUTH PLAIN/LOGIN against --auth USER:PASSWORD. Webhooks: any POST to the
HTTP port under /hook/ is recorded. Control (HTTP, JSON):
  GET  /_control/messages  the messages received, parsed: envelope, headers, decoded parts
  GET  /_control/hooks     the webhook posts received: path, headers, body
  POST /_control/config    {"hook_status": 500, "kill_on_data": PID, "stall_rcpt_seconds": N}:
                           answer webhooks with that status; SIGKILL the process PID once a
                           message's data has arrived, before answering it (a sender dying
                           between send and mark); wait N seconds before accepting a recipient
Prints "notify-sink smtp=PORT http=PORT" when both listen.
"""
import argparse
import asyncio
import email
import email.policy
import json
import os
import signal
import socket
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

state = {"messages": [], "hooks": [], "hook_status": 200, "kill_on_data": 0}
lock = threading.Lock()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def parsed(envelope, session):
    message = email.message_from_bytes(envelope.original_content or envelope.content,
                                       policy=email.policy.default)
    parts = {}
    for part in message.walk():
        if part.get_content_maintype() == "text":
            parts[part.get_content_type()] = part.get_content()
    return {
        "mail_from": envelope.mail_from,
        "rcpt_tos": envelope.rcpt_tos,
        "tls": session.ssl is not None,
        "authenticated_as": (session.auth_data or b"").decode()
        if isinstance(session.auth_data, bytes) else "",
        "raw_headers": (envelope.original_content or envelope.content).split(b"\r\n\r\n", 1)[0]
        .decode("ascii", "replace"),
        "subject": str(message["subject"]),
        "from": str(message["from"]),
        "to": str(message["to"]),
        "message_id": str(message["message-id"]),
        "header_names": [name.lower() for name in message.keys()],
        "text": parts.get("text/plain", ""),
        "html": parts.get("text/html", ""),
    }


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # A slow server: the sender waits here, before any of the message has left.
        with lock:
            stall = state.get("stall_rcpt_seconds", 0)
        if stall:
            await asyncio.sleep(stall)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with lock:
            state["messages"].append(parsed(envelope, session))
            victim, state["kill_on_data"] = state["kill_on_data"], 0
        if victim:
            os.kill(victim, signal.SIGKILL)
        return "250 Message accepted for delivery"


class Authenticator:
    def __init__(self, user, password):
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and \
            auth_data.login == self.user and auth_data.password == self.password
        return AuthResult(success=ok, handled=False, auth_data=self.user if ok else None)


class Control(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        with lock:
            if self.path == "/_control/messages":
                return self.answer(200, state["messages"])
            if self.path == "/_control/hooks":
                return self.answer(200, state["hooks"])
        self.answer(404, {})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8", "replace")
        if self.path == "/_control/config":
            with lock:
                state.update(json.loads(body))
            return self.answer(200, {"ok": True})
        if self.path.startswith("/hook/"):
            with lock:
                state["hooks"].append({"path": self.path, "body": body,
                                       "content_type": self.headers.get("Content-Type", "")})
                status = state["hook_status"]
            return self.answer(status, {})
        self.answer(404, {})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smtp-port", type=int, default=0)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--auth", default="")
    options = parser.parse_args()

    smtp_port = options.smtp_port or free_port()
    settings = {}
    if options.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(options.tls_cert, options.tls_key)
        settings.update(tls_context=context, require_starttls=True)
    if options.auth:
        user, password = options.auth.split(":", 1)
        settings.update(authenticator=Authenticator(user, password), auth_required=True,
                        auth_require_tls=bool(options.tls_cert))
    controller = Controller(Handler(), hostname="127.0.0.1", port=smtp_port,
                            server_kwargs=settings)
    controller.start()
    web = ThreadingHTTPServer(("127.0.0.1", 0), Control)
    print(f"notify-sink smtp={smtp_port} http={web.server_address[1]}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        web.serve_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
