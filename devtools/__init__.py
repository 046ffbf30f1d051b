"""Development tools: benchmarks, evaluation harnesses, model training and the local test web.

Installed with the project (the CLI's `eval`, `train`, `bench` and `demo` commands use them), but never
imported by the runtime packages crawler, nlp, warehouse, pipeline and web; a test holds that line.
"""
