"""CPD records, the registration year, requirement checks, privacy check and exports. No Qt."""
