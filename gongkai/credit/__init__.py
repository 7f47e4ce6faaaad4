"""双公示: the power list, licensing and penalty records, import, masking, push and public query."""
