"""The benchmark harness: `opencsc bench NAME`."""
