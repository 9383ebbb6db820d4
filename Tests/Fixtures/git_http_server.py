#!/usr/bin/env python3
"""Serves the bare repositories under ROOT over git's smart HTTP protocol through `git http-backend`, on
127.0.0.1 and a free port, for promote's fetch/push credential tests.

Every request must carry `Authorization: <EXPECTED>` (or, for EXPECTED `token:<secret>`, Basic credentials of any
username with that password) (compared case-insensitively on the scheme); anything else
gets 401 with a Basic challenge, as GitHub and GitLab answer. An optional READ_ONLY header value may fetch but not
push (403 on receive-pack, as a read-only token gets from GitHub and GitLab). The port is printed on the first line of stdout;
each request's Authorization header (or "-") is appended to LOG. Runs until killed, or for at most 10 minutes.

With CHALLENGE_BODY set in the environment, the 401 carries that text as its body on the kept-alive connection, as
GitLab's does ("HTTP Basic: Access denied. ...").
"""
import base64
import http.server
import os
import signal
import subprocess
import sys
import threading

ROOT, EXPECTED, LOG = sys.argv[1], sys.argv[2], sys.argv[3]
READ_ONLY = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] else None
CHALLENGE_BODY = os.environ.get("CHALLENGE_BODY", "").encode()
# A parent's worker thread may have SIGTERM blocked, and the child inherits the mask; unblock it so that stopping
# the server works.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})


def matches(header, expected):
    if header is None or expected is None:
        return False
    if expected.startswith("token:"):
        # Any username with this password, as GitLab takes gitlab-ci-token, oauth2 or a login with a token.
        scheme, _, value = header.partition(" ")
        try:
            password = base64.b64decode(value).decode().partition(":")[2]
        except ValueError:
            return False
        return scheme.lower() == "basic" and password == expected[len("token:"):]
    scheme, _, value = header.partition(" ")
    expected_scheme, _, expected_value = expected.partition(" ")
    return scheme.lower() == expected_scheme.lower() and value == expected_value


def authorized(header):
    return matches(header, EXPECTED) or matches(header, READ_ONLY)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return body
                body += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length", "0")))

    def handle_git(self):
        header = self.headers.get("Authorization")
        with open(LOG, "a") as log:
            log.write((header or "-") + "\n")
        body = self.read_body() if self.command == "POST" else b""
        if not authorized(header):
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="git"')
            if CHALLENGE_BODY:
                self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(CHALLENGE_BODY)))
            self.end_headers()
            self.wfile.write(CHALLENGE_BODY)
            return
        path, _, query = self.path.partition("?")
        # GitHub serves /owner/repo as well as /owner/repo.git.
        first, _, rest = path.lstrip("/").partition("/")
        if not first.endswith(".git") and os.path.isdir(os.path.join(ROOT, first + ".git")):
            path = "/" + first + ".git/" + rest
        if matches(header, READ_ONLY) and "git-receive-pack" in self.path:
            message = b"this token may not push\n"
            self.send_response(403)
            self.send_header("Content-Length", str(len(message)))
            self.end_headers()
            self.wfile.write(message)
            return
        env = dict(os.environ, GIT_PROJECT_ROOT=ROOT, GIT_HTTP_EXPORT_ALL="1", REQUEST_METHOD=self.command,
                   PATH_INFO=path, QUERY_STRING=query, CONTENT_TYPE=self.headers.get("Content-Type", ""),
                   CONTENT_LENGTH=str(len(body)), REMOTE_USER="tester", REMOTE_ADDR="127.0.0.1")
        result = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True)
        head, _, payload = result.stdout.partition(b"\r\n\r\n")
        status = 200
        headers = []
        for line in head.decode().split("\r\n"):
            name, _, value = line.partition(": ")
            if name.lower() == "status":
                status = int(value.split()[0])
            elif name:
                headers.append((name, value))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = handle_git
    do_POST = handle_git


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
threading.Timer(600, server.shutdown).start()
server.serve_forever()
