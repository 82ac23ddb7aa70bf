"""Message templates (Jinja2), one per trigger and locale; see
``offkai_notify.render`` for how they are put together."""
