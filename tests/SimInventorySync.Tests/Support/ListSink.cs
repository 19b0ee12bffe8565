using ResumableJobs;
using SimInventorySync.Carriers;

namespace SimInventorySync.Tests.Support;

/// <summary>Keeps the SIMs applied, by ICCID.</summary>
internal sealed class ListSink : IIdempotentSink<CarrierSim>
{
    public Dictionary<string, CarrierSim> Sims { get; } = new(StringComparer.Ordinal);

    public int Pages { get; private set; }

    public ValueTask ApplyAsync(IReadOnlyList<CarrierSim> items, PageContext context, CancellationToken cancellationToken)
    {
        Pages++;
        foreach (var sim in items)
        {
            Sims[sim.Iccid] = sim;
        }

        return ValueTask.CompletedTask;
    }
}
