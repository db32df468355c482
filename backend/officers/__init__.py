"""The officers' back office: logging in, the claims queue, moving claims, answering tickets.

- `auth`: passwords checked in constant time, login tokens that expire (stored hashed)
- `roles`: what only a supervisor may do
- `queries`: the claims queue and a claim's detail (documents, audit trail, decision)
- `actions`: moving a claim as an officer (role checked, then `backend.claims.transitions`)
- `tickets`: reading tickets, replying through the worker's channel, taking over, handing back

Keyword-only functions over an `AsyncSession`; the caller commits. HTTP lives in `backend/api/`.
"""
