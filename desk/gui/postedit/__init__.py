"""postedit."""
