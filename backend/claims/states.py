"""The states of a claim and the one table of the moves between them.

Decided from issue 4 ("submitted → verifying → needs_documents ⇄ submitted →
interview_scheduled → approved → paid, with rejected and cancelled (by the worker, before
verification)") and facts.md §5 (every Lapak Asik claim is verified by video call):

| from                | to                  | who     | why                                      |
|---------------------|---------------------|---------|------------------------------------------|
| submitted           | verifying           | officer | an officer takes the claim up            |
| submitted           | cancelled           | worker  | the worker withdraws it (not verified)   |
| verifying           | needs_documents     | officer | a document is missing or unreadable      |
| verifying           | interview_scheduled | officer | documents in order: video interview      |
| verifying           | rejected            | officer | the claim can't be paid                  |
| needs_documents     | submitted           | worker  | the worker sent what was asked           |
| needs_documents     | rejected            | officer | what was asked never came                |
| interview_scheduled | interview_scheduled | officer | the interview is moved to another time   |
| interview_scheduled | approved            | officer | the interview confirmed the claim        |
| interview_scheduled | rejected            | officer | the interview did not confirm it         |
| approved            | paid                | officer | the money was transferred                |

Choices the issue leaves open, made here:

- No shortcut verifying → approved: every claim passes the video interview, as in Lapak Asik.
- The ⇄ between needs_documents and submitted is one loop, needs_documents → submitted →
  verifying → needs_documents: an officer asks for documents only while verifying.
- Rejection is possible from every state an officer is working on (verifying,
  needs_documents, interview_scheduled), not from submitted (take it up first) nor after
  approval.
- Cancelling is the worker's alone and only from submitted ("before verification"); a claim
  waiting for documents is under verification already.
- paid, rejected and cancelled are final.

The diagram beside this file, `states.mmd`, is `mermaid()`'s output (a test keeps them equal).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class ClaimState(StrEnum):
    """Where a claim stands."""

    SUBMITTED = "submitted"
    VERIFYING = "verifying"
    NEEDS_DOCUMENTS = "needs_documents"
    INTERVIEW_SCHEDULED = "interview_scheduled"
    APPROVED = "approved"
    PAID = "paid"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class ActorKind(StrEnum):
    """Who moves a claim: the worker (through a chat channel) or a back-office officer."""

    WORKER = "worker"
    OFFICER = "officer"


@dataclass(frozen=True, slots=True)
class Actor:
    """One worker (a chat user of a channel) or officer (by username)."""

    kind: ActorKind
    id: str
    channel: str | None = None

    @classmethod
    def worker(cls, channel: str, channel_user_id: str) -> Actor:
        """The worker writing from `channel_user_id` on `channel`."""
        return cls(ActorKind.WORKER, channel_user_id, channel)

    @classmethod
    def officer(cls, username: str) -> Actor:
        """The officer logged in as `username`."""
        return cls(ActorKind.OFFICER, username)

    @property
    def label(self) -> str:
        """How the audit log names the actor: `telegram:12345` or the officer's username."""
        return f"{self.channel}:{self.id}" if self.channel else self.id


INITIAL_STATE = ClaimState.SUBMITTED
FINAL_STATES = frozenset({ClaimState.PAID, ClaimState.REJECTED, ClaimState.CANCELLED})

_S = ClaimState
_WORKER = frozenset({ActorKind.WORKER})
_OFFICER = frozenset({ActorKind.OFFICER})

TRANSITIONS: Mapping[tuple[ClaimState, ClaimState], frozenset[ActorKind]] = {
    (_S.SUBMITTED, _S.VERIFYING): _OFFICER,
    (_S.SUBMITTED, _S.CANCELLED): _WORKER,
    (_S.VERIFYING, _S.NEEDS_DOCUMENTS): _OFFICER,
    (_S.VERIFYING, _S.INTERVIEW_SCHEDULED): _OFFICER,
    (_S.VERIFYING, _S.REJECTED): _OFFICER,
    (_S.NEEDS_DOCUMENTS, _S.SUBMITTED): _WORKER,
    (_S.NEEDS_DOCUMENTS, _S.REJECTED): _OFFICER,
    (_S.INTERVIEW_SCHEDULED, _S.INTERVIEW_SCHEDULED): _OFFICER,
    (_S.INTERVIEW_SCHEDULED, _S.APPROVED): _OFFICER,
    (_S.INTERVIEW_SCHEDULED, _S.REJECTED): _OFFICER,
    (_S.APPROVED, _S.PAID): _OFFICER,
}
"""Every legal move, and who may make it. Anything not listed is refused."""


def allowed(source: ClaimState, target: ClaimState, actor: ActorKind) -> bool:
    """Tell whether `actor` may move a claim from `source` to `target`."""
    return actor in TRANSITIONS.get((source, target), frozenset())


def next_states(source: ClaimState, actor: ActorKind) -> list[ClaimState]:
    """Return the states `actor` may move a claim in `source` to, in the table's order."""
    return [to for (frm, to), actors in TRANSITIONS.items() if frm == source and actor in actors]


def mermaid() -> str:
    """Return the state diagram of `TRANSITIONS` in Mermaid syntax."""
    lines = ["stateDiagram-v2", f"    [*] --> {INITIAL_STATE}: worker files"]
    for (source, target), actors in TRANSITIONS.items():
        who = " or ".join(sorted(actors))
        lines.append(f"    {source} --> {target}: {who}")
    lines.extend(f"    {state} --> [*]" for state in ClaimState if state in FINAL_STATES)
    return "\n".join(lines) + "\n"


DIAGRAM = Path(__file__).with_name("states.mmd")
"""The Mermaid file kept beside this module."""
