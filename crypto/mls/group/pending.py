"""Choosing which received proposals a member's Commit covers (RFC 9420 §12.2, §12.4).

§12.2 makes some combinations invalid and tells a committer what to prefer
when proposals conflict; this module applies that preference to the
proposals a member has collected during the epoch.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from crypto.mls.group.proposals import ProposalItem
from crypto.mls.proposals import Remove, Update
from crypto.mls.treemath import LeafIndex

__all__ = ["committable"]


def committable(
    items: Sequence[ProposalItem], own_leaf: LeafIndex, *, removing: Collection[int] = ()
) -> list[ProposalItem]:
    """The pending proposals a Commit by ``own_leaf`` may cover (§12.2).

    Own Updates are left out (the Commit's path refreshes the leaf), as is a
    Remove of ourselves; for each other leaf a Remove wins over Updates and
    the latest Update over earlier ones. ``removing`` are the leaves the
    Commit removes inline: their pending Updates and Removes are left out.
    """
    removed = {item.body.removed for item in items if isinstance(item.body, Remove)}
    removed |= set(removing)
    latest_update: dict[int, ProposalItem] = {}
    for item in items:
        if isinstance(item.body, Update):
            latest_update[item.sender.index] = item
    chosen: list[ProposalItem] = []
    for item in items:
        body = item.body
        if isinstance(body, Update):
            keep = item.sender.index != own_leaf and item.sender.index not in removed
            keep = keep and latest_update[item.sender.index] is item
        elif isinstance(body, Remove):
            keep = body.removed not in {own_leaf, *removing} and all(
                not (isinstance(c.body, Remove) and c.body.removed == body.removed) for c in chosen
            )
        else:
            keep = True
        if keep:
            chosen.append(item)
    return chosen
