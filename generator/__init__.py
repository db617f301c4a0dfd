"""Directive tracker: YAML directives and progress reports in, a Vietnamese progress site out."""
