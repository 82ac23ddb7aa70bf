"""A TCP proxy in front of the shared PostgreSQL server, so a row can make the
database refuse and drop connections without stopping the server other tests use.

``refuse()`` closes the listening socket (new connections are refused) and cuts
every connection through it (established ones break mid-query); ``accept()``
listens again on the same port.
"""

from __future__ import annotations

import asyncio
import contextlib

from offkai_kit.ports import free_port


class TcpProxy:
    def __init__(self, upstream_host: str, upstream_port: int):
        self.upstream = (upstream_host, upstream_port)
        self.port = free_port()
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task] = set()
        self._writers: set[asyncio.StreamWriter] = set()

    async def accept(self) -> None:
        """Listen (again) on the proxy's port."""
        if self._server is None:
            self._server = await asyncio.start_server(self._connected, "127.0.0.1", self.port, reuse_address=True)

    async def refuse(self) -> None:
        """Stop listening and cut every connection: PostgreSQL is 'down'."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        self.cut()

    def cut(self) -> None:
        """Break every connection through the proxy (the listener stays)."""
        for writer in list(self._writers):
            with contextlib.suppress(Exception):
                writer.transport.abort()
        for pipe in list(self._pipes):
            pipe.cancel()

    async def close(self) -> None:
        await self.refuse()
        if self._pipes:
            await asyncio.gather(*self._pipes, return_exceptions=True)

    async def _connected(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            writer.transport.abort()
            return
        self._writers |= {writer, up_writer}
        pipes = {asyncio.create_task(_pipe(reader, up_writer)), asyncio.create_task(_pipe(up_reader, writer))}
        self._pipes |= pipes
        try:
            await asyncio.wait(pipes, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in pipes:
                task.cancel()
            for w in (writer, up_writer):
                with contextlib.suppress(Exception):
                    w.transport.abort()
            self._pipes -= pipes
            self._writers -= {writer, up_writer}


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError, asyncio.CancelledError, OSError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
