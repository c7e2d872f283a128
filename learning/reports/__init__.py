"""Manager reports on assigned training: completion matrix, overdue list, course overview."""
