"""Delivering the outbox: `jamsos worker` claims due messages, renders and sends them.

- `senders`: the per-channel sender port, its registry, and the `rest` and `console` senders
- `worker`: claiming due rows (SKIP LOCKED on PostgreSQL), sending, marking sent, retrying
"""
