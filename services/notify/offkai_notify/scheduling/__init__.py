"""Timed messages: the reminders before each meetup (kept in step with the
meetups projection by ``reminder_rows``, sent by ``reminders``) and the weekly
digest (``digests``), both sent by the ``Scheduler`` when they come due —
once, by the one replica holding the scheduler's lease."""
