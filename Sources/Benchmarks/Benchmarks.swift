// Benchmarks module.
