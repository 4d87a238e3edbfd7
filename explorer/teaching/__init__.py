"""Teaching aids built on the session, free of Qt: the code listings shown beside the
animation, the run exported as a script, and predict-then-reveal questions for lessons."""
