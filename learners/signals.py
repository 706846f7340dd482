from django.dispatch import Signal

# Sent after an anonymous learner's own records were moved to an account's learner.
# Apps with records pointing at Learner (quizzes, ...) move theirs in a receiver.
# kwargs: source (the anonymous Learner, about to be deleted), target (the account's Learner).
learner_merged = Signal()
