// DuckCoordinator module.
