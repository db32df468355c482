"""JKP reminders: sending them when due, at most once, through the channels' senders.

- `store`: subscriptions and duties (subscribe, read, record, end)
- `leases`: the steps of sending one reminder (claim, renew, mark, release, finish)
- `gate`: each channel's rate, shared by every worker process on PostgreSQL
- `dispatch`: one reminder: claim -> decide -> render -> send with its key -> mark
- `queue`: finding due reminders: the port, and polling for them (SQLite)
- `queue_procrastinate`: finding them through procrastinate's job queue (PostgreSQL)
- `setup`: building the queue of `jamsos worker` from the settings
- `queue_schema`: procrastinate's own schema, installed by the migrations (PostgreSQL)
- `officers`: a worker's schedule and duty progress for the claim page
"""
