"""What a user can do, as plain Python calls the UI and the command line share. No Qt."""
