"""The engine: plan → chunks → one run loop → finish → sink, here (a process pool, streaming) or on Dask."""
