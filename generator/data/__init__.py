"""The listings: read (libyaml), checked against the field table, loaded into the model."""
