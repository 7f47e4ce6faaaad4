"""Pure domain rules: no Django import here; property-tested with hypothesis."""
