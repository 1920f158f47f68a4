"""The interfaces: the command line, the terminal summary, JSON, file sets and HTML reports.

They parse input and render results; the model itself lives below them (physics -> subsystems ->
architectures -> engine), and nothing below imports from here.
"""
