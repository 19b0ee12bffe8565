using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/ResumableJobs.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(ResumableJobs.Benchmarks.EngineOverheadBenchmarks).Assembly).Run(args);
