"""The whole suite runs with the network shut: a connection attempt fails the test."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NetworkAttempt


def test_opening_an_internet_connection_fails_the_test() -> None:
    with pytest.raises(NetworkAttempt):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(NetworkAttempt):
            sock.connect(("127.0.0.1", 9))
    finally:
        sock.close()
