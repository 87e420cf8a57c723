using BenchmarkDotNet.Running;
using Outcomes.Benchmarks;

BenchmarkSwitcher.FromAssembly(typeof(EngineBenchmarks).Assembly).Run(args);
