from django.dispatch import Signal

# Sent once when a quiz attempt is finished (its score is final). kwargs: attempt.
attempt_finished = Signal()
