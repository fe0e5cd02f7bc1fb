"""Speed and quality benchmarks of the assistant (results go to reports/)."""
