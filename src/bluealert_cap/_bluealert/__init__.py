"""Blue Alert domain model, composition to CAP and reading back."""
