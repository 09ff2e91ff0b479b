"""Pure values and rules (questions, grading, scenarios). Imports nothing of ours and no Qt."""
