namespace CarrierSimulator;

/// <summary>
/// The ground truth of one simulated carrier: the SIMs it holds, a local inventory of the same SIMs with known
/// differences, and the list of those differences. Everything follows from the seed and the SIM count, so a
/// program that builds its local inventory from <see cref="LocalInventory"/> and reconciles it against the
/// simulator must find exactly <see cref="ExpectedMismatches"/>.
/// </summary>
public sealed class CarrierDataset
{
    /// <summary>The largest SIM count the generator accepts.</summary>
    public const int MaxSimCount = 10_000_000;

    /// <summary>The share of carrier SIMs whose local status differs.</summary>
    public const double StatusChangeRate = 0.01;

    /// <summary>The share of carrier SIMs whose local plan differs.</summary>
    public const double PlanChangeRate = 0.005;

    /// <summary>The share of carrier SIMs that the local inventory lacks.</summary>
    public const double MissingLocallyRate = 0.003;

    /// <summary>How many SIMs only the local inventory has, as a share of the carrier's SIM count.</summary>
    public const double MissingAtCarrierRate = 0.002;

    // Dates are generated relative to a fixed instant, never the clock, so that a seed always gives the same data.
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, SimRecord> _byIccid;

    private CarrierDataset(int seed, IReadOnlyList<SimRecord> sims, IReadOnlyList<LocalSimRecord> local, IReadOnlyList<ExpectedMismatch> mismatches)
    {
        Seed = seed;
        Sims = sims;
        LocalInventory = local;
        ExpectedMismatches = mismatches;
        _byIccid = sims.ToDictionary(static s => s.Iccid, StringComparer.Ordinal);
    }

    /// <summary>The seed the data came from.</summary>
    public int Seed { get; }

    /// <summary>The carrier's SIMs, in creation order.</summary>
    public IReadOnlyList<SimRecord> Sims { get; }

    /// <summary>The local inventory: the carrier's SIMs with known differences, plus SIMs the carrier lacks.</summary>
    public IReadOnlyList<LocalSimRecord> LocalInventory { get; }

    /// <summary>Every difference between <see cref="LocalInventory"/> and <see cref="Sims"/>, ordered by ICCID and kind.</summary>
    public IReadOnlyList<ExpectedMismatch> ExpectedMismatches { get; }

    /// <summary>The carrier's SIM with the given ICCID, or <see langword="null"/>.</summary>
    /// <param name="iccid">The ICCID.</param>
    /// <returns>The SIM or <see langword="null"/>.</returns>
    public SimRecord? FindByIccid(string iccid) => _byIccid.GetValueOrDefault(iccid);

    /// <summary>Generates the dataset of a seed.</summary>
    /// <param name="seed">Any integer; the same seed always gives the same data.</param>
    /// <param name="simCount">How many SIMs the carrier holds, from 1 to <see cref="MaxSimCount"/>.</param>
    /// <returns>The dataset.</returns>
    public static CarrierDataset Generate(int seed, int simCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(simCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(simCount, MaxSimCount);

        // Two streams: the carrier's data does not change when the way differences are drawn changes.
        var carrierRandom = new Random(seed);
        var differenceRandom = new Random(unchecked((seed * 7919) + 104_729));
        var plans = RatePlans.All;
        var serialBase = carrierRandom.NextInt64(0, Iccids.MaxSerial - (2L * MaxSimCount));

        var sims = new SimRecord[simCount];
        var sidBytes = new byte[16];
        for (var i = 0; i < simCount; i++)
        {
            carrierRandom.NextBytes(sidBytes);
            var created = Epoch.AddSeconds(-carrierRandom.Next(0, 2 * 365 * 86_400));
            var modified = created.AddSeconds(carrierRandom.Next(0, 365 * 86_400));
            sims[i] = new SimRecord(
                Iccids.FromSerial(serialBase + i),
                "HS" + Convert.ToHexStringLower(sidBytes),
                $"sim-{i + 1:D7}",
                DrawStatus(carrierRandom),
                plans[carrierRandom.Next(plans.Count)],
                created,
                modified);
        }

        var local = new List<LocalSimRecord>(simCount + (simCount / 100));
        var mismatches = new List<ExpectedMismatch>();
        foreach (var sim in sims)
        {
            if (differenceRandom.NextDouble() < MissingLocallyRate)
            {
                mismatches.Add(new ExpectedMismatch(sim.Iccid, MismatchKind.MissingLocally));
                continue;
            }

            var status = sim.Status;
            if (differenceRandom.NextDouble() < StatusChangeRate)
            {
                status = (SimStatus)(((int)status + 1 + differenceRandom.Next(3)) % 4);
                mismatches.Add(new ExpectedMismatch(sim.Iccid, MismatchKind.Status));
            }

            var plan = sim.Plan;
            if (differenceRandom.NextDouble() < PlanChangeRate)
            {
                var index = IndexOf(plans, plan);
                plan = plans[(index + 1 + differenceRandom.Next(plans.Count - 1)) % plans.Count];
                mismatches.Add(new ExpectedMismatch(sim.Iccid, MismatchKind.Plan));
            }

            local.Add(new LocalSimRecord(sim.Iccid, status, plan));
        }

        var localOnly = (int)Math.Round(simCount * MissingAtCarrierRate, MidpointRounding.AwayFromZero);
        for (var j = 0; j < localOnly; j++)
        {
            var iccid = Iccids.FromSerial(serialBase + simCount + j);
            local.Add(new LocalSimRecord(iccid, DrawStatus(differenceRandom), plans[differenceRandom.Next(plans.Count)]));
            mismatches.Add(new ExpectedMismatch(iccid, MismatchKind.MissingAtCarrier));
        }

        mismatches.Sort(static (a, b) =>
        {
            var byIccid = string.CompareOrdinal(a.Iccid, b.Iccid);
            return byIccid != 0 ? byIccid : a.Kind.CompareTo(b.Kind);
        });
        return new CarrierDataset(seed, sims, local, mismatches);
    }

    private static SimStatus DrawStatus(Random random) => random.Next(100) switch
    {
        < 70 => SimStatus.Active,
        < 80 => SimStatus.Ready,
        < 92 => SimStatus.New,
        _ => SimStatus.Inactive,
    };

    private static int IndexOf(IReadOnlyList<RatePlan> plans, RatePlan plan)
    {
        for (var i = 0; i < plans.Count; i++)
        {
            if (ReferenceEquals(plans[i], plan))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"The plan '{plan.Name}' is not in the catalogue.");
    }
}
