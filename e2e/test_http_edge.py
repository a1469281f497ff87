"""The HTTP edge against the real binary: half-sent requests are closed after the idle timeout,
so they cannot starve the server."""

import socket
import tempfile
import time

import requests

from conftest import Server


def test_half_sent_requests_are_closed_after_the_idle_timeout():
    with tempfile.TemporaryDirectory() as directory:
        server = Server(f"sqlite://{directory}/edge.db", env={"TANDEM_IDLE_TIMEOUT": "2"})
        try:
            host, port = server.url.split("//")[1].split(":")
            sockets = []
            for index in range(200):
                connection = socket.create_connection((host, int(port)), timeout=10)
                # A request line and one header, never finished.
                connection.sendall(f"POST /v1/track HTTP/1.1\r\nHost: x\r\nX-Slow-{index}: 1".encode())
                sockets.append(connection)
            assert requests.get(f"{server.url}/healthz", timeout=5).status_code == 200
            time.sleep(3.5)
            closed = 0
            for connection in sockets:
                connection.settimeout(2)
                try:
                    if connection.recv(1024) == b"":
                        closed += 1
                except ConnectionResetError:
                    closed += 1
                except socket.timeout:
                    pass
                connection.close()
            assert closed == len(sockets), f"only {closed} of {len(sockets)} half-sent requests were closed"
            assert requests.get(f"{server.url}/healthz", timeout=5).status_code == 200
        finally:
            server.stop()


def test_a_request_that_trickles_in_is_closed_at_its_deadline():
    with tempfile.TemporaryDirectory() as directory:
        server = Server(f"sqlite://{directory}/edge.db", env={"TANDEM_IDLE_TIMEOUT": "2"})
        try:
            host, port = server.url.split("//")[1].split(":")
            connection = socket.create_connection((host, int(port)), timeout=10)
            request = b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: " + b"a" * 40
            started = time.monotonic()
            closed = False
            # One byte every 0.3 s: never idle for the 2 s idle timeout.
            for byte in request:
                try:
                    connection.sendall(bytes([byte]))
                except (BrokenPipeError, ConnectionResetError):
                    closed = True
                    break
                time.sleep(0.3)
                connection.setblocking(False)
                try:
                    if connection.recv(1024) == b"":
                        closed = True
                        break
                except BlockingIOError:
                    pass
                except ConnectionResetError:
                    closed = True
                    break
                finally:
                    connection.setblocking(True)
            elapsed = time.monotonic() - started
            assert closed, "a request trickling in one byte at a time was never closed"
            assert elapsed < 6, f"closed only after {elapsed:.1f} s"
            connection.close()
            assert requests.get(f"{server.url}/healthz", timeout=5).status_code == 200
        finally:
            server.stop()
