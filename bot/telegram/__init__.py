"""The Telegram channel (python-telegram-bot 22), in webhook mode inside the one ASGI app.

- `application`: the PTB Application (no Updater) and the bare bot of the outbox worker
- `handlers`: updates to `Incoming`, the engine's replies back; dedupe, commands, files
- `render`: replies as Telegram messages (HTML text, inline keyboards, media)
- `split`: text cut at 4,096 (as Telegram counts) without breaking words, markup or emoji
- `buttons`: payloads longer than `callback_data`'s 64 bytes, kept by digest
- `send`: sending rendered messages through the Bot API
- `webhook`: POST /webhooks/telegram, the secret token checked first
- `commands`: setMyCommands, setWebhook, and long polling for development
- `sender`: the outbox worker's sender (429 rescheduled, 403 marks the user unreachable)
- `setup`: building these from the settings and the runtime
"""

import os

# PTB 22 reports time periods (RetryAfter.retry_after, ...) as timedelta when opted in, and
# warns on every read otherwise; we read timedelta (`send.retry_after` takes both).
os.environ.setdefault("PTB_TIMEDELTA", "true")

CHANNEL = "telegram"
"""The channel's name in conversation keys, links, uploads and the outbox."""
