"""Comments of Members on a draft: read from Word comments and comment tables, carried to the adopted text, and their disposition."""
