"""The contract with readers: schema, analyzer, columns, the generation store, stats."""
