"""The XML schemas bluealert_cap validates with (shipped inside the wheel)."""
