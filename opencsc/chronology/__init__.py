"""The child's chronology: significant events, written by the services that record them."""
