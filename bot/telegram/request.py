"""`AiohttpRequest`: PTB's `BaseRequest` on an aiohttp client session.

PTB sends every Bot API call through a `BaseRequest`. Its own (`HTTPXRequest`) cost 1.2 to
1.7 ms of CPU per `sendMessage` against a local server, this one 0.3 ms
(`benchmarks/bot_api_client`); sending the reply had been 40% of a Telegram update's CPU.

What PTB's contract asks, and how it is met:
- parameters go as a form (`application/x-www-form-urlencoded`), or `multipart/form-data`
  when the call carries files (photos, documents), each part with its file name and type;
- the per-call timeouts map to aiohttp's: `connect_timeout` to `sock_connect`, `pool_timeout`
  plus `connect_timeout` to `connect` (waiting for a pooled connection or making one),
  `read_timeout` to `sock_read`; aiohttp has no write timeout, so when no timeout is None their
  sum bounds the whole request (`total`), which keeps a stalled upload from hanging forever;
- a timeout becomes `telegram.error.TimedOut`, any other client error `NetworkError`;
- the session is made in `initialize` (aiohttp wants a running loop) and made again after a
  `shutdown`, so a bot can be initialised, shut down and initialised again.

The environment is not read for proxies or `.netrc` (`trust_env` off): aiohttp would look both
up again, in a thread, for every call (0.7 to 0.8 ms of CPU per `sendMessage` instead of 0.3 to
0.4). Jamsos talks to the Bot API directly, or to a local Bot API server
(TELEGRAM_API_BASE_URL).
"""

from __future__ import annotations

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 5.0
WRITE_TIMEOUT = 5.0
MEDIA_WRITE_TIMEOUT = 20.0
POOL_TIMEOUT = 1.0
"""The defaults of PTB's `HTTPXRequest`, seconds."""


class AiohttpRequest(BaseRequest):
    """Bot API calls through one aiohttp session of at most `connection_pool_size` connections."""

    __slots__ = ("_pool_size", "_session")

    def __init__(self, connection_pool_size: int = 256) -> None:
        self._pool_size = connection_pool_size
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        """The read timeout used when a call gives none (PTB adds it to long polls)."""
        return READ_TIMEOUT

    async def initialize(self) -> None:
        """Open the session (again, after a shutdown)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
                trust_env=False,
            )

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Make the call; return the status code and the body (PTB reads Telegram's errors)."""
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data is not None and request_data.contains_files
        timeout = _timeout(
            read=_given(read_timeout, READ_TIMEOUT),
            write=_given(write_timeout, MEDIA_WRITE_TIMEOUT if files else WRITE_TIMEOUT),
            connect=_given(connect_timeout, CONNECT_TIMEOUT),
            pool=_given(pool_timeout, POOL_TIMEOUT),
        )
        data = _form(request_data) if request_data is not None else None
        try:
            async with session.request(method, url, data=data, timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as error:  # aiohttp's, asyncio.TimeoutError: the same class on 3.11+
            raise TimedOut from error
        except aiohttp.ClientError as error:
            # The class name helps where the message is empty (a dropped connection).
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error


def _given(value: ODVInput[float], default: float) -> float | None:
    return default if isinstance(value, DefaultValue) else value


def _timeout(
    *, read: float | None, write: float | None, connect: float | None, pool: float | None
) -> aiohttp.ClientTimeout:
    parts = (read, write, connect, pool)
    total = None if None in parts else sum(part for part in parts if part is not None)
    waiting = None if pool is None or connect is None else pool + connect
    return aiohttp.ClientTimeout(total=total, connect=waiting, sock_connect=connect, sock_read=read)


def _form(request_data: RequestData) -> aiohttp.FormData:
    form = aiohttp.FormData(request_data.json_parameters)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
