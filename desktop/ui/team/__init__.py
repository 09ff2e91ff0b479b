"""Team sessions on a shared laptop: set-up, the presenter view, attendance sheets.

Belongs here: ``session_page`` (pick a module and attendees, run and end a session),
``presenter_view`` (the projector view: prompts, the group's scenario, notes) and
``attendance_export`` (PDF or CSV sheets).
Does not belong: the draft CPD records a session gives each attendee (made by
``desktop.services.team_sessions``; edited in ``cpd``).
"""
