"""The WhatsApp channel (Cloud API), through a thin httpx client of ours.

- `client`: `WhatsAppClient`, the Graph API calls (send, mark read, media)
- `errors`: `WhatsAppError` and its subclasses by Graph API code, each with its `Action`
- `payloads`: Pydantic models of the webhook fields we use
- `webhook`: signature and verification checks, the routes that keep events in the inbox
- `inbox`: the webhook events kept before the 200, leased to one consumer each
- `handler`: a user's message through the dialogue engine, uploads kept as claim files
- `render`: replies as WhatsApp messages (buttons, lists, media, text split)
- `delivery`: the queue of messages out: sent in order, held outside the 24-hour window, retried
- `outbound`: the queued messages' rows: added, leased, moved between states
- `window`: each user's 24-hour window and the templates that stand in outside it
- `consumer`: processes the inbox and sends the queue in the background of `jamsos serve`
- `sender`: the outbox worker's sender (claim news, officers' replies)
- `channel`: all of it put together from settings
"""
