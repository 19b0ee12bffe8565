using CarrierSimulator;

namespace SimInventorySync.Tests.Simulator;

public sealed class CarrierDatasetTests
{
    [Fact]
    public void The_same_seed_gives_the_same_data_and_another_seed_other_data()
    {
        var first = CarrierDataset.Generate(7, 2_000);
        var again = CarrierDataset.Generate(7, 2_000);
        var other = CarrierDataset.Generate(8, 2_000);

        again.Sims.Should().Equal(first.Sims);
        again.LocalInventory.Should().Equal(first.LocalInventory);
        again.ExpectedMismatches.Should().Equal(first.ExpectedMismatches);
        other.Sims.Select(s => s.Iccid).Should().NotIntersectWith(first.Sims.Select(s => s.Iccid));
    }

    [Fact]
    public void Every_iccid_is_valid_and_unique_on_both_sides()
    {
        var dataset = CarrierDataset.Generate(42, 20_000);
        var all = dataset.Sims.Select(s => s.Iccid).Union(dataset.LocalInventory.Select(l => l.Iccid)).ToList();

        all.Should().OnlyContain(iccid => Iccids.IsValid(iccid));
        dataset.Sims.Select(s => s.Iccid).Should().OnlyHaveUniqueItems();
        dataset.LocalInventory.Select(s => s.Iccid).Should().OnlyHaveUniqueItems();
        dataset.Sims.Select(s => s.Sid).Should().OnlyHaveUniqueItems().And.OnlyContain(sid => sid.Length == 34 && sid.StartsWith("HS"));
        dataset.Sims.Should().OnlyContain(s => s.DateModified >= s.DateCreated);
    }

    [Fact]
    public void The_expected_mismatches_are_exactly_the_differences_between_the_two_sides()
    {
        var dataset = CarrierDataset.Generate(42, 20_000);
        var carrier = dataset.Sims.ToDictionary(s => s.Iccid);
        var local = dataset.LocalInventory.ToDictionary(s => s.Iccid);

        var differences = new List<ExpectedMismatch>();
        foreach (var sim in dataset.Sims)
        {
            if (!local.TryGetValue(sim.Iccid, out var mine))
            {
                differences.Add(new ExpectedMismatch(sim.Iccid, MismatchKind.MissingLocally));
                continue;
            }

            if (mine.Status != sim.Status)
            {
                differences.Add(new ExpectedMismatch(sim.Iccid, MismatchKind.Status));
            }

            if (mine.Plan != sim.Plan)
            {
                differences.Add(new ExpectedMismatch(sim.Iccid, MismatchKind.Plan));
            }
        }

        differences.AddRange(dataset.LocalInventory.Where(l => !carrier.ContainsKey(l.Iccid)).Select(l => new ExpectedMismatch(l.Iccid, MismatchKind.MissingAtCarrier)));

        dataset.ExpectedMismatches.Should().BeEquivalentTo(differences);
        dataset.ExpectedMismatches.Should().BeInAscendingOrder(m => m.Iccid, StringComparer.Ordinal);
    }

    [Fact]
    public void Each_kind_of_difference_occurs_at_about_its_rate()
    {
        var dataset = CarrierDataset.Generate(42, 20_000);
        var byKind = dataset.ExpectedMismatches.GroupBy(m => m.Kind).ToDictionary(g => g.Key, g => g.Count());

        byKind[MismatchKind.Status].Should().BeInRange(120, 280);
        byKind[MismatchKind.Plan].Should().BeInRange(50, 150);
        byKind[MismatchKind.MissingLocally].Should().BeInRange(25, 95);
        byKind[MismatchKind.MissingAtCarrier].Should().Be(40);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(CarrierDataset.MaxSimCount + 1)]
    public void A_sim_count_out_of_range_is_refused(int count)
    {
        var generate = () => CarrierDataset.Generate(1, count);

        generate.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("simCount");
    }

    [Fact]
    public void Fleet_sids_are_stable_and_distinct_per_plan()
    {
        RatePlans.All.Select(p => p.FleetSid).Should().OnlyHaveUniqueItems().And.OnlyContain(sid => sid.Length == 34 && sid.StartsWith("HF"));
        RatePlans.All[0].FleetSid.Should().Be(RatePlans.All[0].FleetSid);
    }
}
