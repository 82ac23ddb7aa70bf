"""The process manager of timed steps: ``ScheduleProjection`` keeps when each
meetup next needs a step (a lottery draw, the seat-confirmation request, the
release of unconfirmed seats, the end), and ``Scheduler`` issues those steps as
commands when they come due, exactly once, noting what it dropped or retries
in its ``holds``."""
