"""`tracker federate`: a national view built from the provinces' published open data (`data/tasks.json`)."""
