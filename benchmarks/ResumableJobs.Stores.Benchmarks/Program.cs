// Checkpoint saves per second: each store against the raw operation it wraps.
//   dotnet run -c Release --project benchmarks/ResumableJobs.Stores.Benchmarks -- --filter '*'     (BenchmarkDotNet)
//   dotnet run -c Release --project benchmarks/ResumableJobs.Stores.Benchmarks -- paired [rounds] [saves per block]
// "paired" alternates store and raw blocks, so that both see the same load: use it on a shared, noisy machine.
// The files go to RESUMABLEJOBS_BENCH_DIR when set (choose the disk you deploy on), else the temp folder.
using System.Globalization;
using BenchmarkDotNet.Running;
using ResumableJobs.Stores.Benchmarks;

if (args.Length > 0 && args[0] == "paired")
{
    var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40;
    var perBlock = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50;
    await PairedComparison.RunAsync(rounds, perBlock);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(SqliteSaveBenchmarks).Assembly).Run(args);
