"""A share of the training time that optional work may take (display builds, evaluations).

Credit accrues with the time trained (``share`` × seconds) and the work spends what it took;
the work runs only when the credit covers what it cost the last time. Over a run the work
then takes about ``share`` of the time whatever the model's size: cheap work runs often,
expensive work less often, and training keeps the rest.
"""

from __future__ import annotations


class TimeShare:
    """Credit for work that may take ``share`` (0 … 1) of the training time.

    The credit saved up is capped at ``cap_seconds`` (or at the work's own cost, when that
    is larger), so a long stretch without the work does not buy a burst of it later.
    """

    def __init__(self, share: float, cap_seconds: float) -> None:
        self.share = share
        self.cap_seconds = cap_seconds
        self.credit = 0.0
        # Seconds the work took the last time (0: not measured yet, so it is affordable).
        self.cost = 0.0

    def earn(self, trained_seconds: float) -> None:
        """Credit ``share`` of ``trained_seconds`` of training."""
        cap = max(self.cap_seconds, self.cost)
        self.credit = min(cap, self.credit + self.share * trained_seconds)

    def affords(self) -> bool:
        """Whether the credit covers the work's last cost."""
        return self.credit >= self.cost

    def spend(self, seconds: float) -> None:
        """The work ran and took ``seconds``: pay for it and remember the cost."""
        self.cost = seconds
        self.credit = max(0.0, self.credit - seconds)
