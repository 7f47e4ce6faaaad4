"""工作台: the first screen after login, what is due for the user's role and scope, counted across every app."""
