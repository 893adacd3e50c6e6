"""`make containers`: each module's image built and its compose stack run (see __main__)."""
