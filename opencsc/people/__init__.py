"""The person index: children, unborn children, adults, addresses, households and relationships."""
