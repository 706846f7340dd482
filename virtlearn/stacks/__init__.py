"""The stack domain: plain Python, no Django.

A *stack* is a tree of layers, each resting on the one below. Everything the app teaches
(the builder, lesson diagrams, the quiz grader, the JSON API, the PNG/SVG export) calls
the functions of this package.
"""
